/**
 * How Astro keeps its content store (the parsed and rendered articles it reuses between builds).
 *
 * Astro writes the store as one file by default, serialized to one string first; past V8's longest
 * string (2^29 − 24 UTF-16 units) the build stops with "Invalid string length". Its other layout,
 * `experimental.collectionStorage: 'chunked'`, has no such limit but measures every character on its
 * own while cutting chunks (Astro 7.3.5), which took about 40 s for 10,000 bulletins against under 1 s
 * for one file. So the store is one file while it stays well short of the limit, and chunked beyond.
 */

/** The longest string V8 can make, in UTF-16 units. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * Characters of store per character of article source, rounded up from the 1.34 measured on 10,000
 * synthetic bulletins (rendered HTML and frontmatter data, with the raw body not kept).
 */
export const STORE_CHARS_PER_SOURCE_CHAR = 1.5;

/** The share of {@link MAX_STRING_LENGTH} the estimated single-file store may take. */
const SAFE_SHARE = 0.75;

export type ContentStorage = 'single-file' | 'chunked';

/** The layout for an archive whose article files hold `sourceChars` UTF-16 units in all. */
export function contentStorage(sourceChars: number): ContentStorage {
  return sourceChars * STORE_CHARS_PER_SOURCE_CHAR <= MAX_STRING_LENGTH * SAFE_SHARE ? 'single-file' : 'chunked';
}

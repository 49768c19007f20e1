/**
 * How Astro keeps its content store (the parsed and rendered articles it reuses between builds).
 *
 * Astro writes the store as one file by default, `data-store.json`. In one file the whole store is one
 * string, several times per build: Astro reads it when the content is synced, writes it whole, and
 * reads the old file back to compare before writing (when its size is unchanged). A string cannot be longer than
 * 2^29 − 24 UTF-16 units ("Invalid string length"), and at 100,000 synthetic bulletins the store is 320
 * million characters. Astro's other layout, `experimental.collectionStorage: 'chunked'`, writes and reads
 * it in parts of 20 MiB, but Astro 7.3.5 measures every character on its own while cutting them: 23 s
 * per write of a 10,000-bulletin store, minutes at 100,000. `patches/astro+7.3.5.patch` (applied by
 * `npm ci`) makes that arithmetic, 0.3 s at 10,000.
 *
 * The store is one file up to an eighth of the longest string, and chunked beyond: about 19,000
 * bulletins. The line was first drawn when Vite bundled the store, whose escaping could make it six times
 * longer; it is kept where it was, since one file was measured up to 10,000 bulletins and chunks at
 * 100,000, and chunks keep the strings of a large store short.
 */

/** The longest string V8 can make, in UTF-16 units. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * Characters of store per character of article source, rounded up from the 1.34 measured on 10,000
 * synthetic bulletins (rendered HTML and frontmatter data, with the raw body not kept).
 */
export const STORE_CHARS_PER_SOURCE_CHAR = 1.5;

/** The share of {@link MAX_STRING_LENGTH} the estimated store may take in one file. */
export const SINGLE_FILE_SHARE = 1 / 8;

export type ContentStorage = 'single-file' | 'chunked';

/**
 * The layout for an archive whose article files hold `sourceChars` UTF-16 units in all: one file up to
 * about 45 million characters of articles (about 19,000 bulletins of 2,400 characters), chunks beyond.
 */
export function contentStorage(sourceChars: number): ContentStorage {
  const store = sourceChars * STORE_CHARS_PER_SOURCE_CHAR;
  return store <= MAX_STRING_LENGTH * SINGLE_FILE_SHARE ? 'single-file' : 'chunked';
}

/** Where Astro keeps the store of each layout in its cache folder during builds (Astro 7.3.5). */
export const STORE_PATHS: Readonly<Record<ContentStorage, string>> = { 'single-file': 'data-store.json', chunked: 'data-store' };

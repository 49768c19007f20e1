/**
 * How Astro keeps its content store (the parsed and rendered articles it reuses between builds).
 *
 * Astro writes the store as one file by default, and its build would bundle that file as one JavaScript
 * module. Past a size the bundler cannot hand the module back: at 100,000 synthetic bulletins (a
 * 320-million-character store) the build stopped with "Failed to convert rust `&str` into napi
 * `string`", and a store too long for one string (2^29 − 24 UTF-16 units) stops it even earlier, with
 * "Invalid string length". Astro's other layout, `experimental.collectionStorage: 'chunked'`, has no such
 * limit, but Astro 7.3.5 measures every character on its own while cutting chunks: 23 s per write of a
 * 10,000-bulletin store, minutes at 100,000. `patches/astro+7.3.5.patch` (applied by `npm ci`) makes
 * that arithmetic, 0.3 s at 10,000. The store is one file while it stays well short of the limits, and
 * chunked beyond.
 *
 * The store is no longer bundled (`integrations/unbundled-store.ts`): the pages
 * read its files. The line below was drawn for the bundled store, with the bundler's escaping counted;
 * it is kept, since the 100,000-bulletin builds were measured with chunks, which also spare Astro
 * writing and comparing the whole store as one string.
 */

/** The longest string V8 can make, in UTF-16 units. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * Characters of store per character of article source, rounded up from the 1.34 measured on 10,000
 * synthetic bulletins (rendered HTML and frontmatter data, with the raw body not kept).
 */
export const STORE_CHARS_PER_SOURCE_CHAR = 1.5;

/**
 * How much longer the bundled module may be than the store, at worst: a bundler that writes its output
 * in ASCII writes a Chinese character as `\uXXXX`, six characters for one.
 */
const BUNDLE_CHARS_PER_STORE_CHAR = 6;

/** The share of {@link MAX_STRING_LENGTH} the estimated bundled store may take. */
const SAFE_SHARE = 0.75;

export type ContentStorage = 'single-file' | 'chunked';

/**
 * The layout for an archive whose article files hold `sourceChars` UTF-16 units in all: one file up to
 * about 45 million characters of articles (about 19,000 bulletins of 2,400 characters), chunks beyond.
 */
export function contentStorage(sourceChars: number): ContentStorage {
  const bundled = sourceChars * STORE_CHARS_PER_SOURCE_CHAR * BUNDLE_CHARS_PER_STORE_CHAR;
  return bundled <= MAX_STRING_LENGTH * SAFE_SHARE ? 'single-file' : 'chunked';
}

/** Where Astro keeps the store of each layout in its cache folder during builds (Astro 7.3.5). */
export const STORE_PATHS: Readonly<Record<ContentStorage, string>> = { 'single-file': 'data-store.json', chunked: 'data-store' };

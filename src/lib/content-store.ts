/**
 * How Astro keeps its content store (the parsed and rendered articles it reuses between builds).
 *
 * The archive keeps it in Astro's chunked layout (`experimental.collectionStorage: 'chunked'`) at every
 * size: each entry is serialized on its own, one line each, into parts of 20 MiB. Astro's default, one
 * file, is one string: it cannot be longer than 2^29 − 24 UTF-16 units ("Invalid string length"), which
 * a store passes at about 165,000 synthetic bulletins (320 million at 100,000), and it is serialized
 * whole on every build that changes anything. In chunks, `patches/astro+7.3.5.patch` writes an entry
 * read from the store and not set since as the text it was read from, so adding a bulletin serializes
 * one entry instead of 10,000 (writing the store of 10,000 took 0.7 s instead of 2.1 s:
 * docs/performance.md, "The store handed over, and written by the entry"); it also cuts the parts by
 * UTF-8 arithmetic instead of Astro's encoding of each character on its own (23 s per write of a
 * 10,000-bulletin store, minutes at 100,000). Reading the chunks took as long as reading one file.
 */

/** The layout the archive gives Astro's content store (`astro.config.mjs`). */
export const STORE_LAYOUT = 'chunked';

/**
 * Where Astro 7.3.5 kept the store in one file, in its cache folder during builds: the archive's layout
 * before the twentieth session, for archives under about 19,000 bulletins. Such a file is never read
 * again, and a build removes it.
 */
export const SINGLE_FILE_STORE = 'data-store.json';

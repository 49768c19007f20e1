/**
 * The word index chunks of a shard (`pagefind/<shard>/index/*.pf_index`), which the site writes as
 * Pagefind 1.6 writes them, under the names Pagefind gives them, compressed at a lower level than
 * Pagefind's highest ({@link CHUNK_GZIP}: the chunks, runs of small numbers, are a slow case for that
 * level). With the fragments (`search-fragments.ts`) and the rest (`search-meta.ts`) they make the
 * whole shard; where Pagefind writes a shard, they are written first, and Pagefind, which leaves a
 * file of a name that is there already, compresses none of them.
 *
 * The chunks are foreseen only for records of the kind the site gives Pagefind: content words of
 * lowercase ASCII letters and digits, each once (`indexWords`, `lib/search-text.ts`), and one metadata
 * field holding one word of Han characters (the digest of what the site's fragment holds,
 * `resultDigestWord` in `search-index-writer.ts`). For any other records {@link indexChunks} foresees
 * nothing, and Pagefind writes the shard with its own chunks. Should a later Pagefind write its index
 * otherwise, its chunks get other names and are written beside the site's, which the index writer sees
 * (`holdsJust` in `pagefind-files.ts`), and the shard is written again without them.
 */
import { CborWriter, fullHash, writeShardFiles } from './pagefind-files';
import type { PagefindRecord } from './search-fragments';
import { turnNowAndThen } from './turns';

/** The folder of a shard's index chunks. */
export const INDEX_FOLDER = 'index';

/** One chunk of Pagefind's word index: its name, its file's name, its contents before compression, and its first and last words. */
export interface IndexChunk {
  name: string;
  file: string;
  cbor: Buffer;
  first: string;
  last: string;
}

/**
 * The content the site's records hold: words of lowercase ASCII letters and digits, which Pagefind
 * indexes as they are, apart by spaces (one regular expression over the whole content costs less than
 * one a word).
 */
const PLAIN_CONTENT = /^[a-z0-9 ]*$/;

/** The digest word of a record's metadata: Han characters of Extension A, which Pagefind indexes as they are. */
const DIGEST_WORD = /^[\u3400-\u4dbf]+$/;

/** A metadata word's place in a word's list of places (any negative number: content words have places from 0). */
const IN_METADATA = -1;

/**
 * A location list's marker of the words' weight, written before their positions: Pagefind's encoding of
 * the default weight, 1 (−1 − 24 × weight), read off its output.
 */
const DEFAULT_WEIGHT_MARKER = -25;

/** The marker of the first metadata field (−1 − its index among the fields in order), and the digest word's position in it. */
const FIRST_FIELD_MARKER = -1;

/**
 * One chunk as Pagefind 1.6 encodes it (read off its output): `[[word…]]`, each word `[text, [page…],
 * []]`, each page `[number, locations, metadata locations]`, the number less the page before's for all
 * but the first. A content word at position p has locations `[-25, p]` and no metadata locations; the
 * digest word, no locations and metadata locations `[-1, 0]`.
 */
function encodeChunk(writer: CborWriter, words: readonly string[], places: ReadonlyMap<string, number[]>): Buffer {
  writer.array(1);
  writer.array(words.length);
  for (const word of words) {
    const list = places.get(word) ?? [];
    writer.array(3);
    writer.text(word);
    writer.array(list.length / 2);
    let previous = 0;
    for (let i = 0; i < list.length; i += 2) {
      const page = list[i] as number;
      const position = list[i + 1] as number;
      writer.array(3);
      writer.integer(page - previous);
      previous = page;
      if (position === IN_METADATA) {
        writer.array(0);
        writer.array(2);
        writer.integer(FIRST_FIELD_MARKER);
        writer.integer(0);
      } else {
        writer.array(2);
        writer.integer(DEFAULT_WEIGHT_MARKER);
        writer.integer(position);
        writer.array(0);
      }
    }
    // A word's third list, empty in every chunk Pagefind writes of such records.
    writer.array(0);
  }
  return writer.take();
}

/**
 * The word index chunks Pagefind writes for `records` (in the order they are added to its index of
 * `language`), with chunks of `chunkSize` (Pagefind's `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`), or
 * `undefined` if they cannot be foreseen: a record whose content is not {@link PLAIN_CONTENT}, or
 * holds a word twice, or whose metadata is not one field of one
 * {@link DIGEST_WORD}; or two chunks whose names would share their first seven digits. `words`, each
 * record's content as a list (the words its content joins with single spaces), saves splitting it
 * again where the caller has them.
 *
 * The words are sorted by their UTF-8 bytes (for ASCII and characters of the Basic Multilingual Plane,
 * as all of these are, the order of JavaScript's strings). A record without words is left out, as
 * Pagefind leaves it out, and the pages are numbered without it. A chunk ends once it holds
 * `chunkSize` places or more, each page of a word counting both location lists' lengths and one.
 * Turns now and then, as it runs in the index process.
 */
export async function indexChunks(
  language: string,
  records: readonly PagefindRecord[],
  chunkSize: number,
  words: readonly (readonly string[])[] = records.map((record) => record.content.split(' ').filter((word) => word !== '')),
): Promise<IndexChunk[] | undefined> {
  /** Each word's pages and positions, two numbers a place: the page's number and the position, or {@link IN_METADATA}. */
  const places = new Map<string, number[]>();
  let page = 0;
  /** Adds a place of `word` on the current page; false if the word has one there already. */
  const place = (word: string, position: number): boolean => {
    const list = places.get(word);
    if (list === undefined) places.set(word, [page, position]);
    else if (list[list.length - 2] === page) return false;
    else list.push(page, position);
    return true;
  };
  for (const [i, record] of records.entries()) {
    await turnNowAndThen(i);
    const list = words[i] ?? [];
    if (list.length === 0) continue;
    // Pagefind splits at any white space: other than single spaces, or other characters, are not foreseen.
    if (!PLAIN_CONTENT.test(record.content)) return undefined;
    const fields = Object.values(record.meta);
    const digest = fields[0];
    if (fields.length !== 1 || digest === undefined || !DIGEST_WORD.test(digest)) return undefined;
    for (const [position, word] of list.entries()) if (!place(word, position)) return undefined;
    if (!place(digest, IN_METADATA)) return undefined;
    page += 1;
  }
  const sorted = [...places.keys()].sort((a, b) => (a < b ? -1 : 1));
  const writer = new CborWriter();
  const chunks: IndexChunk[] = [];
  const names = new Set<string>();
  let inChunk: string[] = [];
  let size = 0;
  const close = () => {
    const cbor = encodeChunk(writer, inChunk, places);
    const name = `${language}_${fullHash(cbor).slice(0, 7)}`;
    chunks.push({ name, file: `${name}.pf_index`, cbor, first: inChunk[0] as string, last: inChunk[inChunk.length - 1] as string });
    names.add(name);
    inChunk = [];
    size = 0;
  };
  for (const [i, word] of sorted.entries()) {
    await turnNowAndThen(i);
    inChunk.push(word);
    // Every place counts three: a location list of two and an empty one, and one.
    size += ((places.get(word)?.length ?? 0) / 2) * 3;
    if (size >= chunkSize) close();
  }
  if (inChunk.length > 0) close();
  // Pagefind makes a colliding name longer; foreseeing how is not worth it for a case this rare.
  return names.size === chunks.length ? chunks : undefined;
}

/**
 * The chunks' compression. For one shard's chunks (the 1,000 bulletins of 2021 in the 10,000 build),
 * Node's zlib took 2.2–2.3 s of processor time at level 9, 0.3 s at 6 (its default) and 0.17 s at 5,
 * for files 2.3 % and 2.8 % larger than at 9 (docs/performance.md).
 */
export const CHUNK_GZIP = { level: 5 };

/** Writes `chunks` into the shard folder `folder` (see {@link indexChunks}); gives the files written. */
export async function writeChunks(folder: string, chunks: readonly IndexChunk[]): Promise<Set<string>> {
  return writeShardFiles(folder, INDEX_FOLDER, chunks.map(({ file, cbor }) => ({ file, contents: cbor })), CHUNK_GZIP);
}

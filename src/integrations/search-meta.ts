/**
 * The rest of a shard of the search index, once the site has written its fragments and index chunks
 * (`search-fragments.ts`, `search-chunks.ts`): the filter indexes, the metadata file that names every
 * page, chunk and filter, the entry file, and Pagefind's search code. With these the site writes the
 * whole shard in Pagefind 1.6's format, and Pagefind need not index it again: given the same records,
 * Pagefind spent 28–30 % of a build's processor time on an index whose every file but these the site
 * had already written (docs/performance.md, "Shards written whole by the site").
 *
 * The format is Pagefind's, read off its output and checked against it by the tests, which have
 * Pagefind write the same records and compare every file. It is written only for the Pagefind version
 * it was read off ({@link PAGEFIND_FORMAT}), and only for records of the site's kind (see
 * {@link shardRest}); for any other, Pagefind writes the shard. Pagefind's search code (its JavaScript
 * and WebAssembly, which read the index in the browser) comes from Pagefind itself: it writes a shard
 * of one record once ({@link PagefindRuntime}), and every shard gets a copy of those files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CborWriter, fullHash, linkOrCopy, PAGEFIND_GZIP, pagefindFile, utf8Order, writeShardFiles } from './pagefind-files';
import type { IndexChunk } from './search-chunks';
import type { IndexedPage } from './search-fragments';

/** The Pagefind version whose index format this module writes. */
export const PAGEFIND_FORMAT = '1.6.0';

/** The folder of a shard's filter indexes. */
export const FILTER_FOLDER = 'filter';

/** Pagefind's entry file, which every shard's folder holds: its version, and its languages with their metadata files. */
export const ENTRY_FILE = 'pagefind-entry.json';

/** What Pagefind takes out of a filter's values, and what the site's values therefore may not hold. */
const PAGEFIND_MARKER = '___PAGEFIND_';

/** A sort key's value that Pagefind sorts as text, not as a number (`2021-03-05`): the only kind foreseen. */
const DATE_VALUE = /^\d{4}-\d{2}-\d{2}$/;

/** What Pagefind's own shard of one record gives every shard: its search code and what its entry file says besides the languages. */
export interface PagefindRuntime {
  /** The folder Pagefind wrote. */
  folder: string;
  /** The files of its search code there (`pagefind.js`, `pagefind-worker.js`, `wasm.unknown.pagefind`). */
  files: string[];
  version: string;
  /** The WebAssembly its language loads (none for the shards' private-use languages). */
  wasm: unknown;
  /** The characters Pagefind counts as parts of words, which its entry file lists. */
  includeCharacters: unknown;
}

/**
 * Reads the shard Pagefind wrote into `folder` for one record of `language` as the site's search code:
 * every file at its top but the entry file and the metadata.
 */
export function readRuntime(folder: string, language: string): PagefindRuntime {
  const entry = JSON.parse(readFileSync(join(folder, ENTRY_FILE), 'utf8')) as {
    version?: string;
    languages?: Record<string, { wasm?: unknown }>;
    include_characters?: unknown;
  };
  const ownLanguage = entry.languages?.[language];
  if (typeof entry.version !== 'string' || ownLanguage === undefined) throw new Error(`${join(folder, ENTRY_FILE)}: not Pagefind's entry file for ${language}`);
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((file) => file.isFile() && file.name !== ENTRY_FILE && !file.name.endsWith('.pf_meta'))
    .map((file) => file.name)
    .sort();
  return { folder, files, version: entry.version, wasm: ownLanguage.wasm ?? null, includeCharacters: entry.include_characters ?? [] };
}

/** One file of a shard as this module makes it: its name (for the metadata), its file and its contents before compression. */
interface ShardFile {
  name: string;
  file: string;
  cbor: Buffer;
}

/** A filter's index: which filter, and its file. */
interface FilterFile extends ShardFile {
  filter: string;
}

/**
 * The filter indexes of `pages`: for each filter, by name, its values in order, each with the numbers
 * of the pages that have it, ascending; each file named `<language>_` and seven digits of its digest.
 * Undefined if a page lists a value twice under one filter, or a value holds {@link PAGEFIND_MARKER}, or
 * two files would share a name.
 */
function filterIndexes(language: string, pages: readonly IndexedPage[], writer: CborWriter): FilterFile[] | undefined {
  const filters = new Map<string, Map<string, number[]>>();
  for (const [number, { record }] of pages.entries()) {
    for (const [filter, values] of Object.entries(record.filters)) {
      if (new Set(values).size !== values.length || values.some((value) => value.includes(PAGEFIND_MARKER))) return undefined;
      // Pagefind makes a filter of its values: a filter no page has a value for has no file.
      if (values.length === 0) continue;
      let byValue = filters.get(filter);
      if (byValue === undefined) filters.set(filter, (byValue = new Map()));
      for (const value of values) {
        const list = byValue.get(value);
        if (list === undefined) byValue.set(value, [number]);
        else list.push(number);
      }
    }
  }
  const files: FilterFile[] = [];
  for (const filter of [...filters.keys()].sort(utf8Order)) {
    const byValue = filters.get(filter) ?? new Map<string, number[]>();
    writer.array(2);
    writer.text(filter);
    writer.list([...byValue.keys()].sort(utf8Order), (value) => {
      writer.array(2);
      writer.text(value);
      writer.list(byValue.get(value) ?? [], (number) => writer.integer(number));
    });
    const cbor = writer.take();
    const name = `${language}_${fullHash(cbor).slice(0, 7)}`;
    files.push({ filter, name, file: `${name}.pf_filter`, cbor });
  }
  return new Set(files.map((file) => file.name)).size === files.length ? files : undefined;
}

/**
 * For each sort key, by name, the page numbers in the order of its values, pages of equal values in
 * their own order. Undefined unless every page has every key, each a date (`YYYY-MM-DD`), which
 * Pagefind sorts as text.
 */
function sortOrders(pages: readonly IndexedPage[]): [string, number[]][] | undefined {
  const keys = [...new Set(pages.flatMap(({ record }) => Object.keys(record.sort)))].sort(utf8Order);
  const orders: [string, number[]][] = [];
  for (const key of keys) {
    const values: string[] = [];
    for (const { record } of pages) {
      const value = record.sort[key];
      if (value === undefined || !DATE_VALUE.test(value)) return undefined;
      values.push(value);
    }
    // Array sort is stable: pages of the same date stay in their order.
    const numbers = values.map((_, number) => number).sort((a, b) => utf8Order(values[a] ?? '', values[b] ?? ''));
    orders.push([key, numbers]);
  }
  return orders;
}

/**
 * Where each chunk's words begin and end, as the metadata tells a search which chunk to load: the
 * first chunk from its first word, the last to its last word, and between two chunks the shortest
 * beginnings (in characters) of the one's last word and the next one's first word that tell them apart;
 * but a chunk keeps its last word whole where that beginning would sort before the chunk's own start (a
 * chunk of words that all begin so, such as one word alone), as Pagefind keeps it.
 */
function chunkBounds(chunks: readonly IndexChunk[]): { from: string; to: string }[] {
  const bounds = chunks.map((chunk) => ({ from: chunk.first, to: chunk.last }));
  for (const [i, bound] of bounds.entries()) {
    const next = bounds[i + 1];
    if (next === undefined) break;
    const [last, first] = [[...bound.to], [...next.from]];
    let common = 0;
    while (common < last.length && common < first.length && last[common] === first[common]) common += 1;
    const to = last.slice(0, common + 1).join('');
    if (utf8Order(to, bound.from) >= 0) bound.to = to;
    next.from = first.slice(0, common + 1).join('');
  }
  return bounds;
}

/** The rest of a shard: its filter indexes, its metadata file and its entry file's contents. */
export interface ShardRest {
  filters: FilterFile[];
  meta: ShardFile;
  entry: string;
}

/**
 * The rest of the shard of `language` whose index holds `pages` (in the order Pagefind numbers them,
 * with their fragments' names) and `chunks`, as Pagefind `runtime.version` writes it: the metadata
 * lists the version; each page's fragment, its number of words and an empty field; each chunk's bounds
 * and name; each filter's name and file; each sort key's order of pages; and the names of the
 * metadata fields, which a record's metadata words in the chunks are marked with (one, the digest
 * word). It is named `<language>_` and as many digits of its digest as the language has characters,
 * and eight. Undefined where this cannot be foreseen: another Pagefind version than
 * {@link PAGEFIND_FORMAT}, a language with WebAssembly of its own, pages of other metadata than one
 * field, filters or sort keys not of the site's kind (see {@link filterIndexes}, {@link sortOrders}).
 */
export function shardRest(language: string, pages: readonly IndexedPage[], chunks: readonly IndexChunk[], runtime: PagefindRuntime): ShardRest | undefined {
  // The search code is Pagefind's for the shards' kind of language, a private-use one (`und-x-…`, as
  // `runtime`'s own is), which has no WebAssembly of its own; should Pagefind give it some, the entry
  // file would name it, and a shard of another kind of language could need another.
  if (runtime.version !== PAGEFIND_FORMAT || runtime.wasm !== null || !language.startsWith('und-x-')) return undefined;
  const fields = [...new Set(pages.flatMap(({ record }) => Object.keys(record.meta)))].sort(utf8Order);
  if (fields.length !== 1 || pages.some(({ record }) => Object.keys(record.meta).length !== 1)) return undefined;
  const writer = new CborWriter();
  const filters = filterIndexes(language, pages, writer);
  const sorts = sortOrders(pages);
  if (filters === undefined || sorts === undefined) return undefined;
  const bounds = chunkBounds(chunks);
  writer.array(6);
  writer.text(runtime.version);
  writer.list(pages, ({ name, wordCount }) => {
    writer.array(3);
    writer.text(name);
    writer.integer(wordCount);
    writer.text('');
  });
  writer.list(chunks, ({ name }, i) => {
    const { from, to } = bounds[i] ?? { from: '', to: '' };
    writer.array(3);
    writer.text(from);
    writer.text(to);
    writer.text(name);
  });
  writer.list(filters, ({ filter, name }) => {
    writer.array(2);
    writer.text(filter);
    writer.text(name);
  });
  writer.list(sorts, ([key, numbers]) => {
    writer.array(2);
    writer.text(key);
    writer.list(numbers, (number) => writer.integer(number));
  });
  writer.list(fields, (field) => writer.text(field));
  const cbor = writer.take();
  const name = `${language}_${fullHash(cbor).slice(0, language.length + 8)}`;
  const entry = JSON.stringify({
    version: runtime.version,
    languages: { [language]: { hash: name, wasm: null, page_count: pages.length } },
    include_characters: runtime.includeCharacters,
  });
  return { filters, meta: { name, file: `pagefind.${name}.pf_meta`, cbor }, entry };
}

/**
 * Writes `rest` into the shard folder `folder`, which holds the shard's fragments and chunks already,
 * with a copy of Pagefind's search code (hard links where they can be made: cached shards never
 * change).
 */
export async function writeShardRest(folder: string, rest: ShardRest, runtime: PagefindRuntime): Promise<void> {
  await writeShardFiles(folder, FILTER_FOLDER, rest.filters.map(({ file, cbor }) => ({ file, contents: cbor })), PAGEFIND_GZIP);
  writeFileSync(join(folder, rest.meta.file), pagefindFile(rest.meta.cbor, PAGEFIND_GZIP));
  writeFileSync(join(folder, ENTRY_FILE), rest.entry);
  for (const file of runtime.files) linkOrCopy(join(runtime.folder, file), join(folder, file));
}

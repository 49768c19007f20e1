/**
 * The fragments of the search index: the file the search page loads for each result (its URL,
 * metadata and filters), one per page, in `pagefind/<shard>/fragment/`. Pagefind writes one for each
 * record, named by a digest of its contents, holding the words the page is indexed under (`content`)
 * and the record's metadata. The site gives Pagefind as metadata only a digest of what a result shows
 * (`resultDigestWord` in `search-index-writer.ts`), so that the index's chunks can be foreseen
 * (`search-chunks.ts`) and Pagefind indexes no words of metadata, which no query of the search page
 * can reach; the site's fragments hold what a result shows instead (its metadata, and the page's
 * visible text as `meta.text`, for excerpts), with `content` empty: the search page makes the words
 * from the text when it needs them (`indexWords`), and they were more than half of each fragment a
 * reader fetched.
 *
 * The site writes the fragments ({@link writeFragments}, see `pagefind-files.ts`) under the names
 * Pagefind gives them, with the rest of the shard (`search-chunks.ts`, `search-meta.ts`). Where Pagefind
 * writes a shard, they are written first: Pagefind leaves alone a fragment file that is there already
 * (its name is a digest of its contents), so it compresses none (compressing them at its highest level
 * took about a third of its processor time here, docs/performance.md). Should a later Pagefind name
 * them otherwise, it writes its own files beside them, which `holdsJust` shows; the shard is then
 * written again, and Pagefind's fragments made the site's ({@link giveResultData}).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fullHash, PAGEFIND_SIGNATURE, pagefindFile, utf8Order, writeShardFiles } from './pagefind-files';

/**
 * The fragments' compression: zlib's default level, where Pagefind uses its highest (9). For the 1,000
 * fragments of one shard of the 10,000 build, 131 ms of processor time against 194 ms, for 0.05 % more
 * bytes (docs/performance.md, "Twenty-third session").
 */
export const FRAGMENT_GZIP = { level: 6 };

/** A record as Pagefind is given it (`addCustomRecord`). */
export interface PagefindRecord {
  url: string;
  language: string;
  /** The words the page is indexed under, separated by spaces. */
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/** A fragment as Pagefind 1.6 writes it for a record: JSON with these fields, in this order. */
export interface Fragment {
  url: string;
  content: string;
  word_count: number;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
  anchors: unknown[];
}

/** What a result shows, which the site's fragment holds: the record's metadata and the page's visible text. */
export interface ResultData {
  meta: Record<string, string>;
  text: string;
}

/** The folder of a shard's fragments. */
export const FRAGMENT_FOLDER = 'fragment';

/** A fragment's file name. */
const fragmentFile = (name: string) => `${name}.pf_fragment`;

/**
 * `object` with its keys in the order of Rust's `BTreeMap` of strings, which Pagefind keeps metadata and
 * filters in: by their UTF-8 bytes. (JavaScript puts keys that look like array indexes, such as `2021`,
 * first whatever the order they are set in; no key of the site's records does, and one that did would
 * only make Pagefind's names differ, which `holdsJust` shows.)
 */
function byKey<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => utf8Order(a, b)));
}

/** Words apart by single spaces, as the site's records hold them: Pagefind's splitting and joining leave them as they are. */
const SINGLE_SPACED = /^\S+(?: \S+)*$/u;

/** A record's content as Pagefind's fragment holds it, and its number of words. */
function pagefindContent(content: string): { content: string; count: number } {
  if (SINGLE_SPACED.test(content)) {
    let count = 1;
    for (let at = content.indexOf(' '); at !== -1; at = content.indexOf(' ', at + 1)) count += 1;
    return { content, count };
  }
  const words = content.split(/\s+/u).filter((word) => word !== '');
  return { content: words.join(' '), count: words.length };
}

/**
 * The fragment Pagefind makes of `record`: its words joined by single spaces and counted, metadata and
 * filters by key. (Pagefind splits at Unicode white space and drops U+200B from words; the site's index
 * words are letters and digits alone, `lib/search-text.ts`, so splitting at `\s` is the same.)
 */
export function pagefindFragment(record: PagefindRecord): Fragment {
  const { content, count } = pagefindContent(record.content);
  return {
    url: record.url,
    content,
    word_count: count,
    filters: byKey(record.filters),
    meta: byKey(record.meta),
    anchors: [],
  };
}

/**
 * The names Pagefind gives the fragments whose JSON is `fragments`, in the order their records were
 * added to the index of `language`: the language, `_`, and the first seven digits of the fragment's
 * {@link fullHash}; one digit longer, as often as needed, than the name of an earlier fragment it
 * would equal.
 */
export function fragmentNames(language: string, fragments: readonly string[]): string[] {
  const taken = new Set<string>();
  return fragments.map((json) => {
    const full = `${language}_${fullHash(json)}`;
    let length = language.length + 8;
    while (taken.has(full.slice(0, length))) length += 1;
    const name = full.slice(0, length);
    taken.add(name);
    return name;
  });
}

/**
 * The JSON of the site's fragment made of Pagefind's `fragment`: with what the result shows (its
 * metadata by key, then the text) in place of the digest Pagefind was given, without the index words.
 */
function siteFragmentData(fragment: Fragment, result: ResultData): string {
  const data: Fragment = { ...fragment, content: '', meta: { ...byKey(result.meta), text: result.text } };
  return JSON.stringify(data);
}

/** A page of a shard's index, in the order Pagefind numbers them: its fragment's name, its number of words and its record. */
export interface IndexedPage {
  name: string;
  wordCount: number;
  record: PagefindRecord;
}

/** The files of the fragments of `pages`. */
export function fragmentFiles(pages: readonly IndexedPage[]): Set<string> {
  return new Set(pages.map((page) => fragmentFile(page.name)));
}

/**
 * Writes into the shard folder `folder`, for the index of `records` in `language` (in the order they are
 * added to it), the site's fragment of each record under the name Pagefind gives it, with what the
 * result at its URL shows (`results`); gives the pages of the index, each with its fragment's name
 * (their files: {@link fragmentFiles}). A record without words is left out, as Pagefind leaves it out
 * of the index, and the pages after it are numbered without it.
 */
export async function writeFragments(folder: string, language: string, records: readonly PagefindRecord[], results: ReadonlyMap<string, ResultData>): Promise<IndexedPage[]> {
  const indexed = records.map((record) => ({ record, fragment: pagefindFragment(record) })).filter(({ fragment }) => fragment.word_count > 0);
  const names = fragmentNames(language, indexed.map(({ fragment }) => JSON.stringify(fragment)));
  const pages = indexed.map(({ record, fragment }, i) => ({ name: names[i] as string, wordCount: fragment.word_count, record }));
  const files = indexed.map(({ fragment }, i) => {
    const result = results.get(fragment.url);
    if (result === undefined) throw new Error(`no data for the search result ${fragment.url}`);
    return { file: fragmentFile(names[i] as string), contents: siteFragmentData(fragment, result) };
  });
  await writeShardFiles(folder, FRAGMENT_FOLDER, files, FRAGMENT_GZIP);
  return pages;
}

/** The fragment in the file `file`, decompressed and parsed; an error naming the file if it is not a fragment. */
export function readFragment(file: string): Fragment {
  try {
    const data = gunzipSync(readFileSync(file)).toString('utf8');
    if (!data.startsWith(PAGEFIND_SIGNATURE)) throw new Error(`it does not start with ${PAGEFIND_SIGNATURE}`);
    return JSON.parse(data.slice(PAGEFIND_SIGNATURE.length)) as Fragment;
  } catch (error) {
    throw new Error(`${file}: not a Pagefind fragment (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Makes the fragments Pagefind wrote in the shard folder `folder` the site's: each fragment is
 * decompressed, given what the result at its URL shows (`results`) in place of its metadata, rid of
 * its index words and compressed again, as {@link writeFragments} writes it. Synchronously: for
 * the 1,955 fragments of one shard, 0.5 s of processor time against 1.6 s with promises and zlib's
 * thread pool. A file that is not one page's fragment is an error naming the file (fragments bundled
 * into shared files, which `PAGEFIND_MAX_FRAGMENTS` asks Pagefind for, are therefore kept from it).
 */
export function giveResultData(folder: string, results: ReadonlyMap<string, ResultData>): void {
  const fragments = join(folder, FRAGMENT_FOLDER);
  for (const file of readdirSync(fragments)) {
    const where = join(fragments, file);
    const fragment = readFragment(where);
    const result = typeof fragment.url === 'string' ? results.get(fragment.url) : undefined;
    if (result === undefined) throw new Error(`${where}: not the fragment of a page of this shard (its URL: ${String(fragment.url)})`);
    writeFileSync(where, pagefindFile(siteFragmentData(fragment, result), FRAGMENT_GZIP));
  }
}

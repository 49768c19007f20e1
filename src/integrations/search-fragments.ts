/**
 * The fragments of the search index: the file the search page loads for each result (its URL,
 * metadata and filters), one per page, in `pagefind/<shard>/fragment/`. Pagefind writes one for each
 * record, named by a digest of its contents, holding the words the page is indexed under (`content`).
 * The site's fragments hold the page's visible text instead (`meta.text`, for excerpts), with
 * `content` empty: the search page makes the words from the text when it needs them (`indexWords`),
 * and they were more than half of each fragment a reader fetched.
 *
 * Pagefind compresses every fragment it writes at the highest level, which took about a third of its
 * processor time here (docs/performance.md), but leaves alone a fragment file that is there already:
 * its name is a digest of its contents. So the site's fragments are written first, under the names
 * Pagefind gives them ({@link writeFragmentsAhead}), and Pagefind compresses none. Should a later
 * Pagefind name them otherwise, it writes its own files beside them, which {@link holdsJust} shows;
 * the shard is then written again, and the texts put into Pagefind's fragments ({@link addTexts}).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { turnNowAndThen } from './turns';

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

/** What each of Pagefind's files starts with once decompressed. */
const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/** The folder of a shard's fragments. */
const FRAGMENT_FOLDER = 'fragment';

/** A fragment's file name. */
const fragmentFile = (name: string) => `${name}.pf_fragment`;

/**
 * `object` with its keys in the order of Rust's `BTreeMap` of strings, which Pagefind keeps metadata and
 * filters in: by their UTF-8 bytes. (JavaScript puts keys that look like array indexes, such as `2021`,
 * first whatever the order they are set in; no key of the site's records does, and one that did would
 * only make Pagefind's names differ, which {@link holdsJust} shows.)
 */
function byKey<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

/**
 * The fragment Pagefind makes of `record`: its words joined by single spaces and counted, metadata and
 * filters by key. (Pagefind splits at Unicode white space and drops U+200B from words; the site's index
 * words are letters and digits alone, `lib/search-text.ts`, so splitting at `\s` is the same.)
 */
export function pagefindFragment(record: PagefindRecord): Fragment {
  const words = record.content.split(/\s+/u).filter((word) => word !== '');
  return {
    url: record.url,
    content: words.join(' '),
    word_count: words.length,
    filters: byKey(record.filters),
    meta: byKey(record.meta),
    anchors: [],
  };
}

/**
 * The names Pagefind gives the fragments whose JSON is `fragments`, in the order their records were
 * added to the index of `language`: the language, `_`, and the first seven digits of the fragment's
 * SHA-1 written byte by byte in hexadecimal without leading zeros (Pagefind's `full_hash`); one digit
 * longer, as often as needed, than the name of an earlier fragment it would equal.
 */
export function fragmentNames(language: string, fragments: readonly string[]): string[] {
  const taken = new Set<string>();
  return fragments.map((json) => {
    let full = `${language}_`;
    for (const byte of createHash('sha1').update(json).digest()) full += byte.toString(16);
    let length = language.length + 8;
    while (taken.has(full.slice(0, length))) length += 1;
    const name = full.slice(0, length);
    taken.add(name);
    return name;
  });
}

/** The JSON of the site's fragment made of Pagefind's `fragment`: with `text`, without the index words. */
function siteFragmentData(fragment: Fragment, text: string): string {
  const data: Fragment = { ...fragment, content: '', meta: { ...fragment.meta, text } };
  return PAGEFIND_SIGNATURE + JSON.stringify(data);
}

/** Compressed as Pagefind compresses. */
const FRAGMENT_GZIP = { level: 9 };

/**
 * Writes into the shard folder `folder`, before Pagefind writes the shard there from `records` (in the
 * order they are added to its index of `language`), the site's fragment of each record under the name
 * Pagefind will give it, with the text of the page at its URL (`texts`); gives the files written. A
 * record without words is left out, as Pagefind leaves it out of the index. The files are compressed
 * and written a few dozen at a time, with turns in between, so the process can meanwhile send an
 * earlier shard to Pagefind.
 */
export async function writeFragmentsAhead(folder: string, language: string, records: readonly PagefindRecord[], texts: ReadonlyMap<string, string>): Promise<Set<string>> {
  const fragments = records.map(pagefindFragment).filter((fragment) => fragment.word_count > 0);
  const names = fragmentNames(language, fragments.map((fragment) => JSON.stringify(fragment)));
  const data = fragments.map((fragment) => {
    const text = texts.get(fragment.url);
    if (text === undefined) throw new Error(`no text for the search result ${fragment.url}`);
    return siteFragmentData(fragment, text);
  });
  const into = join(folder, FRAGMENT_FOLDER);
  mkdirSync(into, { recursive: true });
  const files = names.map(fragmentFile);
  for (const [i, file] of files.entries()) {
    writeFileSync(join(into, file), gzipSync(data[i] as string, FRAGMENT_GZIP));
    await turnNowAndThen(i);
  }
  return new Set(files);
}

/** Whether the fragments of the shard folder `folder` are just `files`: Pagefind named every fragment as {@link writeFragmentsAhead} did. */
export function holdsJust(folder: string, files: ReadonlySet<string>): boolean {
  const found = readdirSync(join(folder, FRAGMENT_FOLDER));
  return found.length === files.size && found.every((file) => files.has(file));
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
 * Puts the visible text of every result into the fragments Pagefind wrote in the shard folder `folder`:
 * each fragment is decompressed, given the text of the page at its URL (`texts`), rid of its index
 * words and compressed again, as {@link writeFragmentsAhead} writes it. Synchronously: for the 1,955
 * fragments of one shard, 0.5 s of processor time against 1.6 s with promises and zlib's thread pool.
 * A file that is not one page's fragment is an error naming the file (fragments bundled into shared
 * files, which `PAGEFIND_MAX_FRAGMENTS` asks Pagefind for, are therefore kept from it).
 */
export function addTexts(folder: string, texts: ReadonlyMap<string, string>): void {
  const fragments = join(folder, FRAGMENT_FOLDER);
  for (const file of readdirSync(fragments)) {
    const where = join(fragments, file);
    const fragment = readFragment(where);
    const text = typeof fragment.url === 'string' ? texts.get(fragment.url) : undefined;
    if (text === undefined || typeof fragment.meta !== 'object') throw new Error(`${where}: not the fragment of a page of this shard (its URL: ${String(fragment.url)})`);
    writeFileSync(where, gzipSync(siteFragmentData(fragment, text), FRAGMENT_GZIP));
  }
}

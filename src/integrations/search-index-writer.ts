/**
 * Writes the search index of a build: every article page indexed, in Pagefind's format, into `<dist>/pagefind/`,
 * one index per shard (`pagefind/<shard>/`, see `lib/search-shards.ts`). It runs in a process of its own
 * (`search-index-process.ts`, started by the integration in `search-index.ts`), which is handed the
 * pages while Astro renders them and writes the shards whose pages are all rendered meanwhile.
 *
 * Each shard is written in Pagefind's format by this process (`search-fragments.ts`, `search-chunks.ts`,
 * `search-meta.ts`), with a copy of Pagefind's search code; a shard whose index the site cannot foresee
 * is written by its own Pagefind process. Memory is bounded by the shard size, not by the archive. A
 * shard's output is kept in Astro's cache directory under a hash of what goes into it (the
 * digests of its pages' records, the Pagefind version, the options, the tokenizer's output on a probe,
 * the version of Node's zlib), and taken from there when nothing changed: adding a bulletin rebuilds
 * only its shard, and the output is the same as a full build's. How records become Pagefind's
 * (`pagefindRecords`), and how the site writes a shard's files (`search-fragments.ts`,
 * `search-chunks.ts`, `search-meta.ts`), is covered only by {@link CACHE_FORMAT}: bump it when changing
 * that (it renames every fragment too, see `resultDigestWord`).
 */
import type { Serializable } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import pLimit, { type LimitFunction } from 'p-limit';
import { extractSearchRecord, pageDate, type SearchRecord } from '../lib/search-record';
import { planShards, shardLanguage, type Shard } from '../lib/search-shards';
import { indexWordList, indexWords } from '../lib/search-text';
import { articleIdFromPagePath, articlePagePath } from '../lib/urls';
import { readUtf8File } from '../lib/utf8';
import { forkForAnswer } from './child-job.mjs';
import { indexChunks, INDEX_FOLDER, writeChunks, type IndexChunk } from './search-chunks';
import { holdsJust, linkOrCopy } from './pagefind-files';
import { FRAGMENT_FOLDER, fragmentFiles, giveResultData, writeFragments, type PagefindRecord, type ResultData } from './search-fragments';
import { ENTRY_FILE, readRuntime, shardRest, writeShardRest, type PagefindRuntime } from './search-meta';
import { turnNowAndThen } from './turns';

/**
 * Bumped when what the cache holds changes in a way its key does not show (3: each fragment holding
 * its page's text in place of its index words; 4: Pagefind given a digest as the only metadata, and
 * the index chunks written ahead of it; 5: shards written whole by the site, `search-meta.ts`; 6: the
 * fragments compressed at zlib's default level, `FRAGMENT_GZIP`).
 */
const CACHE_FORMAT = 6;

/**
 * Text run through the tokenizer for the cache key, so a change in how text becomes index words (Han
 * pairs, folding, splitting) makes new shards without anyone remembering to bump {@link CACHE_FORMAT}.
 */
const TOKENIZER_PROBE = '害群之馬，教育整顿「顽瘴痼疾」ABC-1.5 covid_19 𠵾 2021年，马上 ＺＯＯ２ Žal';

/**
 * A page run through the record extractor for the same purpose: the digests of pages read by an earlier
 * build are used only while the extractor gives the same record for this page.
 */
const EXTRACTOR_PROBE = [
  '<html><head><meta name="archive:date" content="2021-03-05"><meta name="archive:title" content="标题">',
  '<meta name="archive:court" content="重庆市高级人民法院"><meta name="archive:task" content="清除害群之马"></head>',
  '<body><article data-search-body><h1>标题</h1><dl data-search-ignore><dt>日期</dt></dl>',
  '<p>刮骨疗毒 &amp; 教育整顿</p><ul><li>一</li><li>二</ul></article></body></html>',
].join('');

/** What decides whether records read by an earlier build still hold: the cache format and the extractor's output. */
function extractorFingerprint(): string {
  return createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, extractSearchRecord(EXTRACTOR_PROBE), pageDate(EXTRACTOR_PROBE)]))
    .digest('hex');
}

/**
 * How much of the index goes into one file, in Pagefind's units (for each page a word is on, one, and
 * the length of its lists of places: 3 per word and page here, see `search-chunks.ts`). Pagefind's
 * default, 20,000, makes a query fetch about twice the index bytes; smaller chunks list more of them in
 * each shard's metadata. Measured at 10,000 bulletins (docs/performance.md).
 */
const INDEX_CHUNK_SIZE = 6000;

/**
 * The most Pagefind processes at once, for the shards Pagefind writes (no process of the index took more
 * than 731 MiB at 10,000 bulletins, shards of 1,000, when Pagefind wrote them all); with
 * {@link PREPARED_AHEAD}, how many shards' records are in memory at once.
 */
const MAX_PARALLEL_SHARDS = 4;

/** Pagefind's ready-made UIs and highlighter, which the site does not use. */
const UNUSED_BUNDLE_FILE = /^pagefind-(?:component-ui|modular-ui|ui|highlight)\./;

/** An article page of the build. */
interface Page {
  id: string;
  /** Its path in the build, e.g. `articles/2021-03-05-e6e5bdee/`. */
  path: string;
  /** Its file, and the file's modification time (ns) and size when it was listed. */
  file: string;
  mtimeNs: string;
  size: number;
  date: string;
  /**
   * SHA-256 of its search record, which is what the index is made of: known from an earlier build while
   * the file is unchanged, otherwise set when the record is read (see {@link readRecords}).
   */
  digest?: string;
}

/** The outcome of indexing, for the build log and the benchmark. */
export interface IndexReport {
  pages: number;
  shards: number;
  /** The shards written by this build, newest first. */
  built: string[];
  /** Of those, the ones written while Astro was still rendering pages. */
  builtEarly: string[];
  /** How many of the pages were handed over as Astro rendered them, rather than read back from their files. */
  handedOver: number;
  reused: string[];
  /** The shards written twice because Pagefind named their fragments or index chunks otherwise than expected (see `search-fragments.ts`, `search-chunks.ts`). */
  namedOtherwise: string[];
  /** The shards built whose index could not be foreseen, so were written by Pagefind (see `search-chunks.ts`, `search-meta.ts`). */
  byPagefind: string[];
  /** Of the shards built, the ones written from records guessed from the sources, before their pages were rendered (see `EarlyIndex.guess`). */
  guessed: string[];
  /** How many shards were guessed wrong: written (or begun) from the sources, and not what their pages gave. */
  guessedWrong: number;
}

/** Cached versions of a shard other than the current one are deleted once they are this old (ms). */
const CACHE_GRACE_MS = 10 * 60 * 1000;

/** Cached shards no build has used for this long are deleted (ms). */
const CACHE_UNUSED_MS = 7 * 24 * 60 * 60 * 1000;

async function pagefindVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('pagefind'));
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** The search record of an article page's HTML (from `where`, named in the error); a page without one is an error. */
function recordOf(html: string, where: string): SearchRecord {
  const record = extractSearchRecord(html);
  if (!record) throw new Error(`${where}: no element marked data-search-body, so nothing to index`);
  return record;
}

/** What identifies a record's content in a shard's cache key. */
function digestOf(record: SearchRecord): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

/** What an earlier build read from a page file, valid while the file has the same time and size. */
interface KnownPage {
  mtimeNs: string;
  size: number;
  date: string;
  digest: string;
}

/** Where {@link KnownPage}s are kept between builds, in the cache folder, by absolute file path. */
const KNOWN_PAGES_FILE = 'pages.json';

/** The pages an earlier build read, if it read them with the same extractor (none otherwise). */
async function readKnownPages(cacheDir: string, extractor: string): Promise<Record<string, KnownPage>> {
  try {
    const known = JSON.parse(await readFile(join(cacheDir, KNOWN_PAGES_FILE), 'utf8')) as { extractor?: string; pages?: Record<string, KnownPage> };
    return known.extractor === extractor ? (known.pages ?? {}) : {};
  } catch {
    return {};
  }
}

async function writeKnownPages(cacheDir: string, extractor: string, pages: Record<string, KnownPage>): Promise<void> {
  const partial = join(cacheDir, `${KNOWN_PAGES_FILE}.partial-${process.pid}`);
  await writeFile(partial, JSON.stringify({ extractor, pages }));
  await rename(partial, join(cacheDir, KNOWN_PAGES_FILE));
}

/** A page file's modification time (ns) and size. */
type FileStamp = Pick<Page, 'mtimeNs' | 'size'>;

function stampOf(file: string): FileStamp {
  const { mtimeNs, size } = statSync(file, { bigint: true });
  return { mtimeNs: String(mtimeNs), size: Number(size) };
}

/**
 * What an earlier build left in the output folder `outDir`, looked at before Astro renders (while it
 * starts, the index process has little else to do): the pages that build read ({@link KnownPage}), and
 * the times and sizes of the files of `articles`' pages. Once the build is done, a page Astro did not
 * render in it, so did not hand over, is the file it was then: Astro leaves such pages alone, and every
 * page it renders passes through the prerenderer `search-index.ts` wraps (should anything else write
 * article pages during a build, this would take them as they were).
 */
export interface OutputBefore {
  outDir: string;
  known: Record<string, KnownPage>;
  stamps: Map<string, FileStamp>;
}

async function lookAtOutput(outDir: string, cacheDir: string, articles: readonly { id: string }[]): Promise<OutputBefore> {
  const known = await readKnownPages(cacheDir, extractorFingerprint());
  const stamps = new Map<string, FileStamp>();
  for (const [i, { id }] of articles.entries()) {
    await turnNowAndThen(i);
    const file = join(outDir, articlePagePath(id), 'index.html');
    // A page not there (new, or gone meanwhile) is looked at once the build is done.
    if (known[file] === undefined) continue;
    try {
      stamps.set(file, stampOf(file));
    } catch {
      // Not there.
    }
  }
  return { outDir, known, stamps };
}

/**
 * The article pages among `paths` with their dates (from `<meta name="archive:date">`), which is all
 * that planning the shards needs. A page handed over while Astro rendered it (`rendered`) is not read
 * again; nor is a page whose file has not changed since an earlier build (Astro's incremental build
 * leaves such pages alone), which keeps the digest of its record. The records of other pages are read
 * shard by shard, once (see {@link readRecords}). Records are not all kept at once: at 100,000
 * bulletins they would fill memory. `before`: the output folder as it was before the pages were
 * rendered, whose files are not looked at again unless Astro rendered them.
 */
async function listPages(
  outDir: string,
  paths: readonly string[],
  before: OutputBefore,
  rendered: ReadonlyMap<string, RenderedPage>,
): Promise<Page[]> {
  const { known } = before;
  const stamps = before.outDir === outDir ? before.stamps : new Map<string, FileStamp>();
  const pages: Page[] = [];
  for (const [i, path] of paths.entries()) {
    await turnNowAndThen(i);
    const id = articleIdFromPagePath(path);
    if (id === undefined) continue;
    const file = join(outDir, path, 'index.html');
    const handed = rendered.get(id);
    const stamp = (handed?.path !== path ? stamps.get(file) : undefined) ?? stampOf(file);
    const page = { id, path, file, ...stamp };
    const earlier = known[file];
    if (handed?.path === path) {
      pages.push({ ...page, date: handed.date, digest: handed.digest });
    } else if (earlier?.mtimeNs === page.mtimeNs && earlier.size === page.size) {
      pages.push({ ...page, date: earlier.date, digest: earlier.digest });
    } else {
      const date = pageDate(readUtf8File(file));
      if (!date) throw new Error(`${file}: no <meta name="archive:date" content="YYYY-MM-DD">, so no date to sort by`);
      pages.push({ ...page, date });
    }
  }
  return pages;
}

/** What the next build needs to know of this build's pages (see {@link KnownPage}). */
function knownPages(pages: Iterable<Page>): Record<string, KnownPage> {
  const known: Record<string, KnownPage> = {};
  for (const { file, mtimeNs, size, date, digest } of pages) {
    if (!digest) throw new Error(`${file}: its search record was never read`);
    known[file] = { mtimeNs, size, date, digest };
  }
  return known;
}

/**
 * Puts the search records of the pages `ids` into `records`, and sets each page's digest: a record
 * handed over while Astro rendered the page is taken as it is, the others are read from their files.
 */
async function readRecords(
  ids: readonly string[],
  pages: ReadonlyMap<string, Page>,
  records: Map<string, SearchRecord>,
  rendered: ReadonlyMap<string, RenderedPage>,
): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await turnNowAndThen(i);
    const page = pages.get(id) as Page;
    const handed = rendered.get(id)?.record;
    const record = handed ?? recordOf(readUtf8File(page.file), page.file);
    page.digest = digestOf(record);
    records.set(id, record);
  }
}

/** What a shard needs to know of one of its pages: where it is in the build and the digest of its record. */
type PageKey = Pick<Page, 'path' | 'digest'>;

/** The URL of a page in the index, as its result gives it: `/articles/<id>/`. */
function indexedUrl(pages: (id: string) => PageKey | undefined, id: string): string {
  return `/${pages(id)?.path ?? ''}`;
}

/**
 * The records of a shard exactly as Pagefind is given them, and the words of each as a list: the
 * page's index words, filters and sort keys, and as metadata only {@link resultDigestWord} of what the
 * result shows. That (the record's metadata and the page's visible text, which the search page makes
 * excerpts from) goes into the result's fragment, which the site writes itself
 * (`search-fragments.ts`). Pagefind (since 1.5) indexes every metadata field as words: for the text
 * that took about a sixth of its time, and words of titles, courts and summaries are words of Han
 * characters, which no query of the search page can reach (it looks Han characters up as encoded
 * pairs); with the digest alone, the index is what the site can foresee, and write itself
 * (`search-chunks.ts`, `search-meta.ts`).
 */
async function pagefindRecords(
  shard: Shard,
  pages: (id: string) => PageKey | undefined,
  records: ReadonlyMap<string, SearchRecord>,
): Promise<{ indexed: PagefindRecord[]; words: string[][] }> {
  const language = shardLanguage(shard.name);
  const indexed: PagefindRecord[] = [];
  const words: string[][] = [];
  for (const [i, id] of shard.ids.entries()) {
    // Now and then the process turns to its messages, such as an earlier shard on its way to Pagefind.
    await turnNowAndThen(i);
    const record = records.get(id) as SearchRecord;
    const list = indexWordList(record.text);
    words.push(list);
    indexed.push({
      url: indexedUrl(pages, id),
      language,
      content: list.join(' '),
      meta: { [RESULT_DIGEST_FIELD]: resultDigestWord(record) },
      filters: { ...record.filters, shard: [shard.name] },
      sort: record.sort,
    });
  }
  return { indexed, words };
}

/** What the site's fragment of each record of a shard shows, by the URL Pagefind is given. */
function resultData(shard: Shard, pages: (id: string) => PageKey | undefined, records: ReadonlyMap<string, SearchRecord>): Map<string, ResultData> {
  return new Map(
    shard.ids.map((id) => {
      const { meta, text } = records.get(id) as SearchRecord;
      return [indexedUrl(pages, id), { meta, text }];
    }),
  );
}

/** The one metadata field of a record as Pagefind is given it: {@link resultDigestWord}. */
export const RESULT_DIGEST_FIELD = 'digest';

/** The first code point of CJK Unified Ideographs Extension A, and how many there are. */
const EXTENSION_A = 0x3400;
const EXTENSION_A_SIZE = 6592;

/**
 * A digest of what a result shows (the record's metadata and text) as one word of four Han characters
 * of Extension A (about 50 bits), such as `㐀䶵㑇㒅`: Pagefind's name for the result's fragment is a
 * digest of the record it is given, so the name changes whenever what the site writes into the fragment
 * does (browsers keep a fragment for a year). Pagefind indexes it, as every metadata field, but no
 * query can find it: the search page turns every Han character of a query into encoded ASCII words
 * (`lib/search-text.ts`), so Han characters never reach Pagefind's index lookup. {@link CACHE_FORMAT}
 * goes into it too, so that a change in how the site writes fragments also renames every fragment.
 */
export function resultDigestWord(record: Pick<SearchRecord, 'meta' | 'text'>): string {
  const digest = createHash('sha256').update(JSON.stringify([CACHE_FORMAT, record.meta, record.text])).digest();
  let word = '';
  for (let i = 0; i < 4; i += 1) word += String.fromCodePoint(EXTENSION_A + (digest.readUInt32BE(i * 4) % EXTENSION_A_SIZE));
  return word;
}

/**
 * Runs `entry` as a child process, sends it `job`, and gives back its answer (the child answers with
 * `answerOneJob` from `child-job.mjs`): a message with `error` becomes a thrown error; a child that ends
 * without answering is an error naming `what`.
 */
async function inChild<T extends { error?: string }>(entry: string, job: Serializable, what: string, options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): Promise<T> {
  const { child, answer } = forkForAnswer<T>(entry, what, options);
  child.send(job);
  const message = await answer;
  if (message.error) throw new Error(message.error);
  return message;
}

/** The child process that runs Pagefind for one shard. */
const SHARD_WORKER = fileURLToPath(new URL('./pagefind-shard.mjs', import.meta.url));

/** `env` without `PAGEFIND_MAX_FRAGMENTS`. */
function withoutMaxFragments(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PAGEFIND_MAX_FRAGMENTS: _, ...rest } = env;
  return rest;
}

/**
 * Writes one shard's Pagefind index into `outputPath`, in a child process of its own. The child is
 * given its records in a file beside `outputPath` (V8's serialization, as over the channel), not over
 * its IPC channel: a message that large (about 8 MB for 1,000 bulletins) goes through the channel one
 * pipe's worth at each turn of this process's event loop, and while this process prepared other shards
 * a child waited up to 1.8 s for its records (docs/performance.md).
 */
async function buildShard(language: string, records: readonly PagefindRecord[], outputPath: string): Promise<void> {
  const jobFile = `${outputPath}.job`;
  try {
    writeFileSync(jobFile, serialize({ language, records, outputPath }));
    await inChild(SHARD_WORKER, { jobFile }, `the Pagefind process for ${language}`, {
      // Read by the Pagefind service the child starts (an option its Node API does not expose); fragments
      // bundled into shared files (`PAGEFIND_MAX_FRAGMENTS`) would not be the site's (`search-fragments.ts`).
      env: { ...withoutMaxFragments(process.env), PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: String(INDEX_CHUNK_SIZE) },
      // Plain JavaScript: without this it would inherit this process's tsx loader (about 80 ms a start).
      execArgv: [],
    });
  } finally {
    rmSync(jobFile, { force: true });
  }
  for (const file of await readdir(outputPath)) {
    if (UNUSED_BUNDLE_FILE.test(file)) await rm(join(outputPath, file));
  }
}

/** Runs `task` for every item, at most `limit` at a time; after a failure, starts no more. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const limited = pLimit(limit);
  await Promise.all(
    items.map((item) =>
      limited(() => task(item)).catch((error: unknown) => {
        limited.clearQueue();
        throw error;
      }),
    ),
  );
}

/**
 * Puts a copy of the folder `from` at `to`: files are hard-linked (cached shards never change, and
 * nothing rewrites the build's files in place), or copied where links cannot be made. Synchronously:
 * for about 1,200 files a shard, about 20 ms, and a quarter of the processor time of Node's
 * asynchronous calls (docs/performance.md).
 */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else linkOrCopy(source, target);
  }
}

/** Deletes from the folder `bundle` whatever is not one of the shards `names`. */
async function removeOtherShards(bundle: string, names: ReadonlySet<string>): Promise<void> {
  await mkdir(bundle, { recursive: true });
  for (const entry of await readdir(bundle)) {
    if (!names.has(entry)) await rm(join(bundle, entry), { recursive: true, force: true });
  }
}

/**
 * Puts the shard `name` into the folder `bundle` as a copy of its cached folder `cached` (see
 * {@link linkTree}). A shard already linked from the same cached folder (its entry file is the cached
 * one, by inode) is left as it is, so adding one bulletin links one shard's files again, not every
 * shard's (about 14,600 files at 10,000 bulletins). It is linked into a folder beside its place and
 * renamed into it, so a shard's folder is complete or absent.
 */
async function placeShard(bundle: string, name: string, cached: string): Promise<void> {
  const target = join(bundle, name);
  if (await sameFile(join(cached, ENTRY_FILE), join(target, ENTRY_FILE))) return;
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  linkTree(cached, partial);
  await rm(target, { recursive: true, force: true });
  await rename(partial, target);
}

/** Whether both paths name the same file (a hard link counts); false if either is missing. */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a, { bigint: true }).catch(() => undefined), stat(b, { bigint: true }).catch(() => undefined)]);
  return x !== undefined && y !== undefined && x.ino === y.ino && x.dev === y.dev;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Deletes from the cache what no build needs any more: other versions of this build's shards and
 * unfinished shards, once they are older than {@link CACHE_GRACE_MS} (a build running at the same time
 * may still be using them), and anything no build has used for {@link CACHE_UNUSED_MS}.
 */
async function pruneCache(cacheDir: string, current: ReadonlySet<string>): Promise<void> {
  const shardNames = new Set([...current].map((dir) => dir.slice(0, dir.indexOf('.'))));
  for (const entry of await readdir(cacheDir)) {
    if (current.has(entry)) continue;
    const replaced = entry.includes('.partial-') || shardNames.has(entry.slice(0, entry.indexOf('.')));
    const age = Date.now() - (await stat(join(cacheDir, entry)).then((s) => s.mtimeMs, () => Date.now()));
    if ((replaced && age > CACHE_GRACE_MS) || age > CACHE_UNUSED_MS) await rm(join(cacheDir, entry), { recursive: true, force: true });
  }
}

/** The name of the cache folder of Pagefind's search code, before its hash. */
const RUNTIME_FOLDER = 'runtime';

/** The language of the one record Pagefind writes for its search code: of the shards' kind (see `search-meta.ts`). */
const RUNTIME_LANGUAGE = shardLanguage('runtime');

/** How many shards are under way (their records in memory) beyond the Pagefind processes allowed (see ShardCache). */
const PREPARED_AHEAD = 2;

/** How many Pagefind processes may write shards at once once the pages are done: no more than the cores, nor {@link MAX_PARALLEL_SHARDS}. */
function pagefindSlots(): number {
  return Math.min(availableParallelism(), MAX_PARALLEL_SHARDS);
}

/**
 * The shards in the cache folder: each put there once however often it is asked for (while Astro
 * renders, and again once the build is done). The site writes a shard whole, in this process: its
 * records made into Pagefind's, its fragments, index chunks, filters and metadata written, and
 * Pagefind's search code copied. Only a shard whose index it cannot foresee (see `search-meta.ts`)
 * takes a second step, Pagefind's run in a process of its own. Up to {@link PREPARED_AHEAD} shards
 * more than there are Pagefind processes allowed are under way (their records in memory), which bounds
 * the memory whoever writes them.
 */
class ShardCache {
  readonly #dir: string;
  /** What every shard's key holds besides its pages: the cache format, Pagefind's version and options, the tokenizer, Node's zlib. */
  readonly #identity: Promise<string>;
  /** Pagefind's runs. */
  readonly #pagefind: LimitFunction;
  /** Shards being prepared or written, which hold their records in memory. */
  readonly #underWay: LimitFunction;
  /** Shards asked for, by cache folder: whether this process wrote it, and whether that was asked while Astro rendered. */
  readonly #asked = new Map<string, { put: Promise<boolean>; early: boolean }>();
  /** The shards whose fragments or index chunks Pagefind named otherwise than the site wrote them ahead (see `search-fragments.ts`, `search-chunks.ts`), so written twice. */
  readonly namedOtherwise = new Set<string>();
  /** The shards whose index could not be foreseen, so were written by Pagefind. */
  readonly byPagefind = new Set<string>();
  /** Pagefind's search code, from a shard of one record it writes once (see `search-meta.ts`), when a shard first needs it. */
  #runtime: Promise<PagefindRuntime> | undefined;

  /** The shards in the cache folder `dir`, written by at most `slots` Pagefind processes at once (until {@link widen}). */
  constructor(dir: string, slots = pagefindSlots()) {
    this.#dir = dir;
    this.#pagefind = pLimit(slots);
    this.#underWay = pLimit(slots + PREPARED_AHEAD);
    this.#identity = mkdir(dir, { recursive: true }).then(async () =>
      JSON.stringify({
        format: CACHE_FORMAT,
        version: await pagefindVersion(),
        chunkSize: INDEX_CHUNK_SIZE,
        tokenizer: indexWords(TOKENIZER_PROBE),
        // Fragments and index chunks are compressed by Node's zlib (`pagefind-files.ts`), whose output may change with it.
        zlib: process.versions.zlib,
      }),
    );
    // Awaited by every shard, which reports a failure; this only keeps it from counting as unhandled meanwhile.
    this.#identity.catch(() => {});
  }

  get dir(): string {
    return this.#dir;
  }

  /** From now on, as many Pagefind processes at once as {@link pagefindSlots} allows. */
  widen(): void {
    this.#pagefind.concurrency = Math.max(this.#pagefind.concurrency, pagefindSlots());
    this.#underWay.concurrency = this.#pagefind.concurrency + PREPARED_AHEAD;
  }

  /** The shard's folder in the cache: its name and a hash of everything that goes into it. */
  async folderOf(shard: Shard, pages: (id: string) => PageKey | undefined): Promise<string> {
    const hash = createHash('sha256').update(await this.#identity).update(shardLanguage(shard.name));
    for (const id of shard.ids) hash.update(JSON.stringify([pages(id)?.path, pages(id)?.digest]));
    return `${shard.name}.${hash.digest('hex').slice(0, 20)}`;
  }

  /**
   * Makes sure `folder` (see {@link folderOf}) is in the cache, writing it from `records` (its pages'
   * records, asked for only if it is written) unless it is there already; whether this process wrote it.
   * A shard asked for while Astro renders (`early`) whose writing fails is written again when the end of
   * the build asks for it, which reports the failure if it fails again.
   */
  put(shard: Shard, folder: string, pages: (id: string) => PageKey | undefined, records: () => Promise<ReadonlyMap<string, SearchRecord>>, early = false): Promise<boolean> {
    const before = this.#asked.get(folder);
    if (before && (early || !before.early)) return before.put;
    const write = () => this.#write(shard, folder, pages, records);
    const put = before ? before.put.catch(write) : write();
    this.#asked.set(folder, { put, early });
    return put;
  }

  async #write(shard: Shard, folder: string, pages: (id: string) => PageKey | undefined, records: () => Promise<ReadonlyMap<string, SearchRecord>>): Promise<boolean> {
    const cached = join(this.#dir, folder);
    if (await exists(cached)) {
      // Marks it as in use, for pruning.
      await utimes(cached, new Date(), new Date());
      return false;
    }
    return this.#underWay(async () => {
      const partial = `${cached}.partial-${process.pid}`;
      try {
        await rm(partial, { recursive: true, force: true });
        const shardRecords = await records();
        const language = shardLanguage(shard.name);
        const { indexed, words } = await pagefindRecords(shard, pages, shardRecords);
        const results = resultData(shard, pages, shardRecords);
        const indexedPages = await writeFragments(partial, language, indexed, results);
        const foreseen = await indexChunks(language, indexed, INDEX_CHUNK_SIZE, words);
        const runtime = foreseen && (await this.#runtimeCode());
        const rest = foreseen && runtime && shardRest(language, indexedPages, foreseen, runtime);
        if (foreseen && runtime && rest) {
          await writeChunks(partial, foreseen);
          await writeShardRest(partial, rest, runtime);
        } else await this.#byPagefind(shard, language, indexed, results, partial, foreseen, fragmentFiles(indexedPages));
        // Into place in one step; if another build put the same shard there meanwhile, keep that one.
        await rename(partial, cached).catch(async (error: unknown) => {
          if (!(await exists(cached))) throw error;
        });
      } finally {
        await rm(partial, { recursive: true, force: true });
      }
      return true;
    });
  }

  /**
   * Has Pagefind write the shard `shard` into `partial` from `indexed`, with the fragments `fragments`
   * (and the chunks `foreseen`, if any) written there ahead of it; should it name any of them otherwise,
   * it writes the shard again alone, and its fragments are made the site's.
   */
  async #byPagefind(
    shard: Shard,
    language: string,
    indexed: readonly PagefindRecord[],
    results: ReadonlyMap<string, ResultData>,
    partial: string,
    foreseen: IndexChunk[] | undefined,
    fragments: ReadonlySet<string>,
  ): Promise<void> {
    this.byPagefind.add(shard.name);
    const chunks = foreseen && (await writeChunks(partial, foreseen));
    await this.#pagefind(() => buildShard(language, indexed, partial));
    if (!holdsJust(partial, FRAGMENT_FOLDER, fragments) || (chunks && !holdsJust(partial, INDEX_FOLDER, chunks))) {
      // This Pagefind names fragments or chunks otherwise: the shard is written again, by Pagefind
      // alone, and its fragments made the site's after.
      this.namedOtherwise.add(shard.name);
      await rm(partial, { recursive: true, force: true });
      await this.#pagefind(() => buildShard(language, indexed, partial));
      giveResultData(partial, results);
    }
  }

  /** The cache folder of Pagefind's search code (see {@link #runtimeCode}): its name, from what every shard's key holds. */
  async runtimeFolder(): Promise<string> {
    return `${RUNTIME_FOLDER}.${createHash('sha256').update(await this.#identity).digest('hex').slice(0, 20)}`;
  }

  /**
   * Pagefind's search code, which every shard the site writes gets a copy of: from the cache, or from
   * a shard of one record that Pagefind writes into it, once however many shards ask; again should the
   * folder be gone (pruned by a build of another key meanwhile) or its writing have failed.
   */
  async #runtimeCode(): Promise<PagefindRuntime> {
    this.#runtime ??= this.#writeRuntime();
    const asked = this.#runtime;
    const known = await asked.catch(() => undefined);
    if (known !== undefined && existsSync(known.folder)) return known;
    // Put there again once, however many shards found it missing or failed meanwhile.
    if (this.#runtime === asked) this.#runtime = this.#writeRuntime();
    return this.#runtime;
  }

  async #writeRuntime(): Promise<PagefindRuntime> {
    const language = RUNTIME_LANGUAGE;
    const folder = join(this.#dir, await this.runtimeFolder());
    if (await exists(folder)) {
      // Marks it as in use, for pruning.
      await utimes(folder, new Date(), new Date());
      return readRuntime(folder, language);
    }
    const partial = `${folder}.partial-${process.pid}`;
    try {
      await rm(partial, { recursive: true, force: true });
      // Any record with a word makes Pagefind write its search code.
      const record = { url: '/', language, content: 'pagefind', meta: {}, filters: {}, sort: {} };
      await this.#pagefind(() => buildShard(language, [record], partial));
      await rename(partial, folder).catch(async (error: unknown) => {
        if (!(await exists(folder))) throw error;
      });
      return readRuntime(folder, language);
    } catch (error) {
      throw new Error(`Pagefind's search code could not be put into ${folder}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
}

/** An article page handed over as Astro rendered it: its record, read from the HTML that Astro then writes. */
interface RenderedPage {
  path: string;
  date: string;
  digest: string;
  /** Let go once its shard is in the cache; read again from the file should the shard be needed after all. */
  record?: SearchRecord;
}

/** An article as validated before the build: enough to plan the shards before any page is rendered. */
export interface PlannedArticle {
  id: string;
  date: string;
  /** Its source file, from which its record is guessed before its page is rendered (see {@link EarlyIndex.guess}); none, no guess. */
  file?: string;
  /** Whether its source is unchanged since the last build's check: a shard of such articles only is not guessed. */
  unchanged?: boolean;
}

/**
 * The most shards waiting to be written while Astro renders (their records in memory: about 5 MB a
 * shard); the shards completed beyond that are written once the pages are done, from their files.
 */
const MAX_EARLY_QUEUE = 32;

/**
 * The index begun while Astro renders the pages. Each article page is handed over as soon as it is
 * rendered ({@link add}, with the HTML that Astro then writes); once every page of a shard is in, the
 * shard is written into the cache while Astro renders the rest. The shards are planned from the
 * articles validated before the build. What the build finally gets is still decided by
 * {@link writeSearchIndex} from the pages actually built: a shard written early is simply found in
 * the cache under the same key (and one planned wrongly is not, and is written then).
 */
export class EarlyIndex {
  readonly cache: ShardCache;
  /** The pages handed over, by article id. */
  readonly rendered = new Map<string, RenderedPage>();
  /** The cache folders of the shards written before Astro had rendered every page. */
  readonly writtenEarly = new Set<string>();
  /** The cache folder of each shard written from guessed records, by shard name (see {@link guess}). */
  readonly guessedFolders = new Map<string, string>();
  /** Whether a shard's pages gave another cache folder than its guess: no more guesses then. */
  #guessedWrong = false;
  /** The shards planned, newest first. */
  readonly #planned: Shard[];
  /** Each article's source file, to guess its record from. */
  readonly #files = new Map<string, string>();
  /** The articles whose sources are unchanged since the last build's check. */
  readonly #unchanged = new Set<string>();
  /** For each article of a shard not yet begun, that shard and its pages not yet handed over. */
  readonly #waiting = new Map<string, { shard: Shard; missing: Set<string> }>();
  /** Shards begun and not yet written. */
  #queued = 0;
  /** Waiting for no shard to be waiting (see {@link guess}). */
  readonly #whenNoneWaiting: (() => void)[] = [];
  #begun: Promise<unknown>[] = [];
  #pagesDone = false;

  /** The output folder as it was before the pages were rendered (see {@link OutputBefore}). */
  readonly before: Promise<OutputBefore>;

  constructor(cacheDir: string, outDir: string, articles: readonly PlannedArticle[]) {
    // One Pagefind process at a time while Astro renders (for the shards the site does not write
    // itself), which leaves Astro most of a core (docs/performance.md, "Index begun while Astro
    // renders"); as many as the cores allow once the pages are done.
    this.cache = new ShardCache(cacheDir, 1);
    this.before = lookAtOutput(outDir, cacheDir, articles);
    // Awaited at the end, which reports a failure; this only keeps it from counting as unhandled meanwhile.
    this.before.catch(() => {});
    this.#planned = planShards(articles);
    for (const { id, file, unchanged } of articles) {
      if (file !== undefined) this.#files.set(id, file);
      if (unchanged) this.#unchanged.add(id);
    }
    for (const shard of this.#planned) {
      const waiting = { shard, missing: new Set(shard.ids) };
      for (const id of shard.ids) this.#waiting.set(id, waiting);
    }
  }

  /** Takes the HTML of the page at `path` (`articles/<id>/`) as Astro rendered it; pages that are not articles are ignored. */
  add(path: string, html: string): void {
    const id = articleIdFromPagePath(path);
    if (id === undefined) return;
    const record = recordOf(html, path);
    const date = pageDate(html);
    if (!date) throw new Error(`${path}: no <meta name="archive:date" content="YYYY-MM-DD">, so no date to sort by`);
    this.rendered.set(id, { path, date, digest: digestOf(record), record });
    const waiting = this.#waiting.get(id);
    waiting?.missing.delete(id);
    if (waiting?.missing.size === 0) this.#begin(waiting.shard);
  }

  /**
   * Writes shards from records guessed from the Markdown sources (`search-guess.ts`), the oldest shards
   * first, whenever no shard whose pages are all in waits to be written: while Astro starts (about 9 s
   * at 10,000 bulletins, with a core idle), and while it renders pages of shards not complete yet. A
   * guess is checked by the pages themselves: once a shard's pages are in, its cache key is made of
   * their records ({@link add}), so a shard guessed right is found in the cache, and one guessed wrong
   * is written again from its pages; after such a miss, no more shards are guessed. A shard with a
   * page in before its turn is not guessed; nor is one with an MDX bulletin, or one whose source no
   * longer reads; nor one whose sources the article check found all unchanged since it last ran (the
   * shard of their pages is most likely in the cache already, and reading them would only take time
   * from a build of one added bulletin).
   */
  async guess(): Promise<void> {
    // Loaded here: only a build guesses, and the Markdown processor is not small.
    const { bodyRenderer, guessRecord } = await import('./search-guess');
    const render = await bodyRenderer();
    /** Shards guessed and not yet written: at most one besides the one Pagefind writes. Never rejected. */
    const pending: Promise<void>[] = [];
    try {
      for (const shard of [...this.#planned].reverse()) {
        await this.#noShardWaiting();
        if (!this.#guessing()) break;
        if (!this.#guessable(shard)) continue;
        const records = new Map<string, SearchRecord>();
        for (const id of shard.ids) {
          const record = await guessRecord(this.#files.get(id) ?? '', render);
          if (record === undefined || !this.#guessing()) break;
          records.set(id, record);
        }
        // Gathering the records took a while: the pages may have come meanwhile.
        if (records.size < shard.ids.length || !this.#guessing() || !this.#guessable(shard)) continue;
        const keys = new Map(shard.ids.map((id) => [id, { path: articlePagePath(id), digest: digestOf(records.get(id) as SearchRecord) }]));
        const pages = (id: string) => keys.get(id);
        const folder = await this.cache.folderOf(shard, pages);
        this.guessedFolders.set(shard.name, folder);
        // A guessed shard that fails is only time lost: if the guess was right, the end of the build
        // writes it again (and reports it if that fails too).
        const written = this.cache.put(shard, folder, pages, async () => records, true).then(
          () => {
            if (!this.#pagesDone) this.writtenEarly.add(folder);
          },
          () => {},
        );
        pending.push(written);
        if (pending.length > 1) await pending.shift();
      }
    } finally {
      await Promise.all(pending);
      this.#files.clear();
      this.#unchanged.clear();
    }
  }

  /** Whether guesses are still wanted: not once the pages are done, nor once a guess proved wrong. */
  #guessing(): boolean {
    return !this.#pagesDone && !this.#guessedWrong;
  }

  /**
   * Whether `shard` is one to guess: none of its pages in yet, every article a Markdown source (MDX
   * renders only in Astro), and not all unchanged since the last build.
   */
  #guessable(shard: Shard): boolean {
    return (
      shard.ids.every((id) => this.#waiting.has(id) && this.#files.get(id)?.endsWith('.md')) &&
      !shard.ids.every((id) => this.#unchanged.has(id))
    );
  }

  /** Settles once no shard whose pages are all in waits to be written, or the pages are done. */
  #noShardWaiting(): Promise<void> {
    if (this.#queued === 0 || this.#pagesDone) return Promise.resolve();
    return new Promise((resolve) => this.#whenNoneWaiting.push(resolve));
  }

  /** Calls those waiting in {@link #noShardWaiting}, once they may go on. */
  #wakeGuesses(): void {
    if (this.#queued === 0 || this.#pagesDone) for (const wake of this.#whenNoneWaiting.splice(0)) wake();
  }

  /**
   * Astro has written every page: the shards begun are written on every core from now on, and those
   * not begun are left to {@link writeSearchIndex}.
   */
  pagesDone(): void {
    this.#pagesDone = true;
    this.cache.widen();
    this.#wakeGuesses();
  }

  /** Settles once every shard begun early is written or left to the end (for tests). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#begun);
  }

  #begin(shard: Shard): void {
    for (const id of shard.ids) this.#waiting.delete(id);
    if (this.#queued >= MAX_EARLY_QUEUE) {
      this.#release(shard);
      return;
    }
    this.#queued += 1;
    const pages = (id: string) => this.rendered.get(id);
    const records = async () => new Map(shard.ids.map((id) => [id, this.rendered.get(id)?.record as SearchRecord]));
    const written = this.cache.folderOf(shard, pages).then(async (folder) => {
      const guessed = this.guessedFolders.get(shard.name);
      // Guesses that miss cost a shard written twice: after one, the index waits for the pages.
      if (guessed !== undefined && guessed !== folder) this.#guessedWrong = true;
      await this.cache.put(shard, folder, pages, records, true);
      if (!this.#pagesDone) this.writtenEarly.add(folder);
    });
    // A shard written is let go of; so is one whose writing failed, which the end of the build
    // writes again from the pages' files, reporting the failure if it fails again.
    const letGo = () => {
      this.#queued -= 1;
      this.#release(shard);
      this.#wakeGuesses();
    };
    this.#begun.push(written.then(letGo, letGo));
  }

  #release(shard: Shard): void {
    for (const id of shard.ids) {
      const page = this.rendered.get(id);
      if (page) delete page.record;
    }
  }
}

/**
 * Indexes the article pages among `paths` (built into `outDir`), reusing shards cached in `cacheDir`;
 * `early`, the index begun while Astro rendered, gives the pages it was handed and the shards it began.
 */
export async function writeSearchIndex(outDir: string, paths: readonly string[], cacheDir: string, early?: EarlyIndex): Promise<IndexReport> {
  const extractor = extractorFingerprint();
  const rendered: ReadonlyMap<string, RenderedPage> = early?.rendered ?? new Map();
  const cache = early?.cache ?? new ShardCache(cacheDir);
  const before = (await early?.before) ?? { outDir, known: await readKnownPages(cacheDir, extractor), stamps: new Map() };
  const pages = new Map((await listPages(outDir, paths, before, rendered)).map((page) => [page.id, page]));
  const pageOf = (id: string) => pages.get(id);
  const shards = planShards([...pages.values()]);
  const built = new Set<string>();
  const folders = new Map<string, string>();
  const bundle = join(outDir, 'pagefind');
  await removeOtherShards(bundle, new Set(shards.map((shard) => shard.name)));
  /** Each shard put into the build as soon as it is in the cache, while the others are written. */
  const placing: Promise<void>[] = [];
  // Shards are read one after another, at most as many at once as are under way in the cache (see
  // ShardCache), so that the records waiting in memory stay bounded.
  await eachLimited(shards, pagefindSlots() + PREPARED_AHEAD, async (shard) => {
    // Pages new or changed since an earlier build are read first: their digests are part of the shard's key.
    const records = new Map<string, SearchRecord>();
    await readRecords(shard.ids.filter((id) => !pages.get(id)?.digest), pages, records, rendered);
    const folder = await cache.folderOf(shard, pageOf);
    folders.set(shard.name, folder);
    const wrote = await cache.put(shard, folder, pageOf, async () => {
      await readRecords(shard.ids.filter((id) => !records.has(id)), pages, records, rendered);
      return records;
    });
    if (wrote) built.add(shard.name);
    const placed = placeShard(bundle, shard.name, join(cacheDir, folder));
    // Awaited below; this only keeps a failure meanwhile from counting as unhandled.
    placed.catch(() => {});
    placing.push(placed);
  });
  await Promise.all(placing);
  await writeKnownPages(cacheDir, extractor, knownPages(pages.values()));
  await pruneCache(cacheDir, new Set([...folders.values(), KNOWN_PAGES_FILE, await cache.runtimeFolder()]));
  const names = shards.map((shard) => shard.name);
  return {
    pages: pages.size,
    shards: shards.length,
    built: names.filter((name) => built.has(name)),
    handedOver: [...pages.values()].filter((page) => rendered.get(page.id)?.path === page.path).length,
    builtEarly: names.filter((name) => built.has(name) && early?.writtenEarly.has(folders.get(name) ?? '')),
    reused: names.filter((name) => !built.has(name)),
    namedOtherwise: names.filter((name) => cache.namedOtherwise.has(name)),
    byPagefind: names.filter((name) => built.has(name) && cache.byPagefind.has(name)),
    guessed: names.filter((name) => built.has(name) && early?.guessedFolders.get(name) === folders.get(name)),
    guessedWrong: [...(early?.guessedFolders ?? [])].filter(([name, folder]) => folders.get(name) !== folder).length,
  };
}

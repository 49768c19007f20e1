/**
 * Astro integration: after the build, indexes every article page with Pagefind into `<dist>/pagefind/`,
 * one index per shard (`pagefind/<shard>/`, see `lib/search-shards.ts`), from a Node process of its own
 * (`search-index-process.ts`) rather than Astro's, which by then holds the whole site.
 *
 * Each shard is built by its own Pagefind process, so memory is bounded by the shard size, not by the
 * archive. A shard's output is kept in Astro's cache directory under a hash of what goes into it (the
 * digests of its pages' records, the Pagefind version, the options, the tokenizer's output on a probe),
 * and taken from there when nothing changed: adding a bulletin rebuilds only its shard, and the output
 * is the same as a full build's. How records become Pagefind's (`pagefindRecords`) is covered only by
 * {@link CACHE_FORMAT}: bump it when changing that.
 */
import type { AstroIntegration } from 'astro';
import { fork, type Serializable } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, copyFile, link, mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractSearchRecord, pageDate, type SearchRecord } from '../lib/search-record';
import { planShards, shardLanguage, type Shard } from '../lib/search-shards';
import { indexWords } from '../lib/search-text';
import { articleIdFromPagePath } from '../lib/urls';

/** Bumped when what the cache holds changes in a way its key does not show. */
const CACHE_FORMAT = 2;

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
 * How much of the index goes into one file, in Pagefind's units (a page a word is on, and each place it
 * is at: 2 per word and page here). Pagefind's default, 20,000, makes a query fetch about twice the
 * index bytes; smaller chunks list more of them in each shard's metadata. Measured at 10,000 bulletins
 * (docs/performance.md).
 */
const INDEX_CHUNK_SIZE = 6000;

/** The most shards written at once; no process of the index took more than 731 MiB at 10,000 bulletins (shards of 1,000). */
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
  built: string[];
  reused: string[];
}

/** How many pages are read at once. */
const READ_CONCURRENCY = 32;

/** Cached versions of a shard other than the current one are deleted once they are this old (ms). */
const CACHE_GRACE_MS = 10 * 60 * 1000;

/** Cached shards no build has used for this long are deleted (ms). */
const CACHE_UNUSED_MS = 7 * 24 * 60 * 60 * 1000;

async function pagefindVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('pagefind'));
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** The search record of a built page; a page without one is an error. */
async function readRecord(file: string): Promise<SearchRecord> {
  const record = extractSearchRecord(await readFile(file, 'utf8'));
  if (!record) throw new Error(`${file}: no element marked data-search-body, so nothing to index`);
  return record;
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

/**
 * The article pages among `paths` with their dates (from `<meta name="archive:date">`), which is all
 * that planning the shards needs. A page whose file has not changed since an earlier build (Astro's
 * incremental build leaves such pages alone) is not read, and keeps the digest of its record; the
 * records of other pages are read shard by shard, once (see {@link readRecords}). Records are not
 * all kept at once: at 100,000 bulletins they would fill memory.
 */
async function listPages(outDir: string, paths: readonly string[], known: Readonly<Record<string, KnownPage>>): Promise<Page[]> {
  const pages: Page[] = [];
  const articlePaths = paths.filter((path) => articleIdFromPagePath(path) !== undefined);
  await eachLimited(articlePaths, READ_CONCURRENCY, async (path) => {
    const file = join(outDir, path, 'index.html');
    const { mtimeNs, size } = await stat(file, { bigint: true });
    const page = { id: articleIdFromPagePath(path) ?? '', path, file, mtimeNs: String(mtimeNs), size: Number(size) };
    const before = known[file];
    if (before?.mtimeNs === page.mtimeNs && before.size === page.size) {
      pages.push({ ...page, date: before.date, digest: before.digest });
    } else {
      const date = pageDate(await readFile(file, 'utf8'));
      if (!date) throw new Error(`${file}: no <meta name="archive:date" content="YYYY-MM-DD">, so no date to sort by`);
      pages.push({ ...page, date });
    }
  });
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

/** Reads the search records of the pages `ids` into `records`, and sets each page's digest. */
async function readRecords(ids: readonly string[], pages: ReadonlyMap<string, Page>, records: Map<string, SearchRecord>): Promise<void> {
  await eachLimited(ids, READ_CONCURRENCY, async (id) => {
    const page = pages.get(id) as Page;
    const record = await readRecord(page.file);
    page.digest = createHash('sha256').update(JSON.stringify(record)).digest('hex');
    records.set(id, record);
  });
}

/** The records of a shard exactly as Pagefind is given them. */
function pagefindRecords(shard: Shard, pages: ReadonlyMap<string, Page>, records: ReadonlyMap<string, SearchRecord>) {
  const language = shardLanguage(shard.name);
  return shard.ids.map((id) => {
    const record = records.get(id) as SearchRecord;
    return {
      url: `/${pages.get(id)?.path ?? ''}`,
      language,
      content: indexWords(record.text),
      meta: { ...record.meta, text: record.text },
      filters: { ...record.filters, shard: [shard.name] },
      sort: record.sort,
    };
  });
}

/**
 * Runs `entry` as a child process, sends it `job`, and gives back its answer (the child answers with
 * `answerOneJob` from `child-job.mjs`): a message with `error` becomes a thrown error; a child that ends
 * without answering is an error naming `what`.
 */
async function inChild<T extends { error?: string }>(entry: string, job: Serializable, what: string, options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): Promise<T> {
  const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], ...options });
  const answer = new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    // 'close', not 'exit': the answer can arrive after 'exit', but not after the IPC channel has closed.
    child.once('close', (code, signal) =>
      reject(new Error(`${what} ended (${signal ? `signal ${signal}` : `exit code ${code}`}) without an answer`)),
    );
    child.once('error', reject);
  });
  child.send(job);
  const message = await answer;
  if (message.error) throw new Error(message.error);
  return message;
}

/** The child process that runs Pagefind for one shard. */
const SHARD_WORKER = fileURLToPath(new URL('./pagefind-shard.mjs', import.meta.url));

/** Writes one shard's Pagefind index into `outputPath`, in a child process of its own. */
async function buildShard(language: string, records: ReturnType<typeof pagefindRecords>, outputPath: string): Promise<void> {
  await inChild(SHARD_WORKER, { language, records, outputPath }, `the Pagefind process for ${language}`, {
    // Read by the Pagefind service the child starts (an option its Node API does not expose).
    env: { ...process.env, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: String(INDEX_CHUNK_SIZE) },
    // Plain JavaScript: without this it would inherit this process's tsx loader (about 80 ms a start).
    execArgv: [],
  });
  for (const file of await readdir(outputPath)) {
    if (UNUSED_BUNDLE_FILE.test(file)) await rm(join(outputPath, file));
  }
}

/** Runs `task` for every item, at most `limit` at a time; after a failure, starts no more. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      try {
        await task(items[next++] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Puts a copy of the folder `from` at `to`: files are hard-linked (cached shards never change, and
 * nothing rewrites the build's files in place), or copied where links cannot be made.
 */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) await linkTree(source, target);
    else await link(source, target).catch(() => copyFile(source, target));
  }
}

/** A file every shard's folder holds: Pagefind's entry file. */
const SHARD_ENTRY_FILE = 'pagefind-entry.json';

/**
 * Makes the folder `bundle` hold exactly the shards of `shards` (name → cached folder), each a copy of
 * its cached folder (see {@link linkTree}). A shard already linked from the same cached folder (its
 * entry file is the cached one, by inode) is left as it is, so adding one bulletin links one shard's
 * files again, not every shard's (about 14,600 files at 10,000 bulletins). A shard is linked into a
 * folder beside its place and renamed into it, so a shard's folder is complete or absent.
 */
async function placeShards(bundle: string, shards: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(bundle, { recursive: true });
  for (const entry of await readdir(bundle)) {
    if (!shards.has(entry)) await rm(join(bundle, entry), { recursive: true, force: true });
  }
  for (const [name, cached] of shards) {
    const target = join(bundle, name);
    if (await sameFile(join(cached, SHARD_ENTRY_FILE), join(target, SHARD_ENTRY_FILE))) continue;
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await linkTree(cached, partial);
    await rm(target, { recursive: true, force: true });
    await rename(partial, target);
  }
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

/** Indexes the article pages among `paths` (built into `outDir`), reusing shards cached in `cacheDir`. */
export async function writeSearchIndex(outDir: string, paths: readonly string[], cacheDir: string): Promise<IndexReport> {
  const extractor = extractorFingerprint();
  const pages = new Map((await listPages(outDir, paths, await readKnownPages(cacheDir, extractor))).map((page) => [page.id, page]));
  const shards = planShards([...pages.values()]);
  const version = await pagefindVersion();
  const tokenizer = indexWords(TOKENIZER_PROBE);
  await mkdir(cacheDir, { recursive: true });
  const built = new Set<string>();
  const cachedDirs = new Map<string, string>();
  // Several shards are written at once (see MAX_PARALLEL_SHARDS).
  await eachLimited(shards, Math.min(availableParallelism(), MAX_PARALLEL_SHARDS), async (shard) => {
    const language = shardLanguage(shard.name);
    // Pages new or changed since an earlier build are read first: their digests are part of the shard's key.
    const records = new Map<string, SearchRecord>();
    await readRecords(shard.ids.filter((id) => !pages.get(id)?.digest), pages, records);
    const hash = createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, version, chunkSize: INDEX_CHUNK_SIZE, language, tokenizer }));
    for (const id of shard.ids) hash.update(JSON.stringify([pages.get(id)?.path, pages.get(id)?.digest]));
    const name = `${shard.name}.${hash.digest('hex').slice(0, 20)}`;
    const cached = join(cacheDir, name);
    cachedDirs.set(shard.name, name);
    if (await exists(cached)) {
      // Marks it as in use, for pruning.
      await utimes(cached, new Date(), new Date());
      return;
    }
    const partial = `${cached}.partial-${process.pid}`;
    try {
      await rm(partial, { recursive: true, force: true });
      await readRecords(shard.ids.filter((id) => !records.has(id)), pages, records);
      await buildShard(language, pagefindRecords(shard, pages, records), partial);
      // Into place in one step; if another build put the same shard there meanwhile, keep that one.
      await rename(partial, cached).catch(async (error: unknown) => {
        if (!(await exists(cached))) throw error;
      });
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
    built.add(shard.name);
  });
  const placed = new Map<string, string>();
  for (const shard of shards) {
    const name = cachedDirs.get(shard.name);
    if (!name) throw new Error(`shard ${shard.name} of the search index was not built`);
    placed.set(shard.name, join(cacheDir, name));
  }
  await placeShards(join(outDir, 'pagefind'), placed);
  await writeKnownPages(cacheDir, extractor, knownPages(pages.values()));
  await pruneCache(cacheDir, new Set([...cachedDirs.values(), KNOWN_PAGES_FILE]));
  const names = shards.map((shard) => shard.name);
  return {
    pages: pages.size,
    shards: shards.length,
    built: names.filter((name) => built.has(name)),
    reused: names.filter((name) => !built.has(name)),
  };
}

/** The process that writes the index for the integration (`search-index-process.ts`), run through tsx. */
const INDEX_PROCESS = fileURLToPath(new URL('./search-index-process.ts', import.meta.url));

/**
 * {@link writeSearchIndex} in a process of its own. By the end of a build Astro's process holds the
 * whole site (8.4–8.7 GB at 100,000 bulletins while it bundled the content store, 3.7 GiB since), and reading
 * and preparing every shard's records there took 725 s of index time against 603 s in a fresh process
 * (docs/performance.md).
 */
export async function writeSearchIndexApart(outDir: string, paths: readonly string[], cacheDir: string): Promise<IndexReport> {
  const { report } = await inChild<{ report: IndexReport; error?: string }>(INDEX_PROCESS, { outDir, paths, cacheDir }, 'the search index process', {
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  return report;
}

/** The integration; `SEARCH_INDEX=off` leaves it out (see astro.config.mjs). */
export function searchIndex(): AstroIntegration {
  let cacheDir = '';
  return {
    name: 'court-archive:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = join(fileURLToPath(config.cacheDir), 'search-index');
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        const started = performance.now();
        const report = await writeSearchIndexApart(
          fileURLToPath(dir),
          pages.map((p) => p.pathname),
          cacheDir,
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        logger.info(
          `indexed ${report.pages} article page(s) for search in ${seconds} s: ${report.shards} shard(s), ` +
            `${report.built.length} built (${report.built.join(', ') || 'none'}), ${report.reused.length} reused from the cache`,
        );
      },
    },
  };
}

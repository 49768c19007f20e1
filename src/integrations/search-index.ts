/**
 * Astro integration: after the build, indexes every article page with Pagefind into `<dist>/pagefind/`,
 * one index per shard (`pagefind/<shard>/`, see `lib/search-shards.ts`).
 *
 * Each shard is built by its own Pagefind process, so memory is bounded by the shard size, not by the
 * archive. A shard's output is kept in Astro's cache directory under a hash of everything that goes
 * into it (the records, the Pagefind version, the options), and taken from there when nothing changed:
 * adding a bulletin rebuilds only its shard, and the output is the same as a full build's.
 */
import type { AstroIntegration } from 'astro';
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, copyFile, link, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractSearchRecord, type SearchRecord } from '../lib/search-record';
import { planShards, shardLanguage, type Shard } from '../lib/search-shards';
import { indexWords } from '../lib/search-text';
import { articleIdFromPagePath } from '../lib/urls';

/** Bumped when what the cache holds changes in a way its key does not show. */
const CACHE_FORMAT = 1;

/**
 * How much of the index goes into one file, in Pagefind's units (a page a word is on, and each place it
 * is at: 2 per word and page here). Pagefind's default, 20,000, makes a query fetch about twice the
 * index bytes; smaller chunks list more of them in each shard's metadata. Measured at 10,000 bulletins
 * (docs/performance.md).
 */
const INDEX_CHUNK_SIZE = 6000;

/** The most shards written at once; each Pagefind process takes up to about 2 GB of memory. */
const MAX_PARALLEL_SHARDS = 4;

/** Pagefind's ready-made UIs and highlighter, which the site does not use. */
const UNUSED_BUNDLE_FILE = /^pagefind-(?:component-ui|modular-ui|ui|highlight)\./;

/** A page as it goes into a shard. */
interface Page {
  id: string;
  url: string;
  record: SearchRecord;
}

/** The outcome of indexing, for the build log and the benchmark. */
export interface IndexReport {
  pages: number;
  shards: number;
  built: string[];
  reused: string[];
}

async function pagefindVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('pagefind'));
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Reads the built article pages into search records; a page without a record is an error. */
async function readPages(outDir: string, paths: readonly string[]): Promise<Page[]> {
  return Promise.all(
    paths.map(async (path) => {
      const id = articleIdFromPagePath(path) ?? '';
      const file = join(outDir, path, 'index.html');
      const record = extractSearchRecord(await readFile(file, 'utf8'));
      if (!record) throw new Error(`${file}: no element marked data-search-body, so nothing to index`);
      if (!record.sort['date']) throw new Error(`${file}: no <meta name="archive:date">, so no date to sort by`);
      return { id, url: `/${path}`, record };
    }),
  );
}

/** The records of a shard exactly as Pagefind is given them. */
function shardRecords(shard: Shard, pages: ReadonlyMap<string, Page>) {
  const language = shardLanguage(shard.name);
  return shard.ids.map((id) => {
    const { url, record } = pages.get(id) as Page;
    return {
      url,
      language,
      content: indexWords(record.text),
      meta: { ...record.meta, text: record.text },
      filters: { ...record.filters, shard: [shard.name] },
      sort: record.sort,
    };
  });
}

/** The child process that runs Pagefind for one shard. */
const SHARD_WORKER = fileURLToPath(new URL('./pagefind-shard.mjs', import.meta.url));

/** Writes one shard's Pagefind index into `outputPath`, in a child process of its own. */
async function buildShard(language: string, records: ReturnType<typeof shardRecords>, outputPath: string): Promise<void> {
  const child = fork(SHARD_WORKER, [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // Read by the Pagefind service the child starts (an option its Node API does not expose).
    env: { ...process.env, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: String(INDEX_CHUNK_SIZE) },
  });
  const answer = new Promise<{ ok?: true; error?: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { ok?: true; error?: string }));
    child.once('exit', (code) => reject(new Error(`the Pagefind process for ${language} ended (exit code ${code}) without an answer`)));
    child.once('error', reject);
  });
  child.send({ language, records, outputPath });
  const { error } = await answer;
  if (error) throw new Error(error);
  for (const file of await readdir(outputPath)) {
    if (UNUSED_BUNDLE_FILE.test(file)) await rm(join(outputPath, file));
  }
}

/** Runs `task` for every item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Indexes the article pages among `paths` (built into `outDir`), reusing shards cached in `cacheDir`. */
export async function writeSearchIndex(outDir: string, paths: readonly string[], cacheDir: string): Promise<IndexReport> {
  const articlePaths = paths.filter((path) => articleIdFromPagePath(path) !== undefined);
  const pages = new Map((await readPages(outDir, articlePaths)).map((page) => [page.id, page]));
  const shards = planShards([...pages.values()].map((page) => ({ id: page.id, date: page.record.sort['date'] ?? '' })));
  const version = await pagefindVersion();
  await mkdir(cacheDir, { recursive: true });
  const built = new Set<string>();
  const cachedDirs = new Map<string, string>();
  // Several shards are written at once (each Pagefind process takes up to about 2 GB of memory).
  await eachLimited(shards, Math.min(availableParallelism(), MAX_PARALLEL_SHARDS), async (shard) => {
    const language = shardLanguage(shard.name);
    const records = shardRecords(shard, pages);
    const hash = createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, version, chunkSize: INDEX_CHUNK_SIZE, language }));
    for (const record of records) hash.update(JSON.stringify(record));
    const key = hash.digest('hex').slice(0, 20);
    const cached = join(cacheDir, `${shard.name}.${key}`);
    cachedDirs.set(shard.name, cached);
    if (await exists(cached)) return;
    const partial = `${cached}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await buildShard(language, records, partial);
    // Keep only this version of the shard; then move the finished index into place in one step.
    for (const old of await readdir(cacheDir)) {
      if (old.startsWith(`${shard.name}.`) && !old.includes('.partial-')) await rm(join(cacheDir, old), { recursive: true, force: true });
    }
    await rename(partial, cached).catch(async (error: unknown) => {
      // Another build put the same shard in place meanwhile: keep that one.
      if (!(await exists(cached))) throw error;
      await rm(partial, { recursive: true, force: true });
    });
    built.add(shard.name);
  });
  const bundle = join(outDir, 'pagefind');
  await rm(bundle, { recursive: true, force: true });
  for (const shard of shards) await linkTree(cachedDirs.get(shard.name) ?? '', join(bundle, shard.name));
  const names = shards.map((shard) => shard.name);
  return {
    pages: pages.size,
    shards: shards.length,
    built: names.filter((name) => built.has(name)),
    reused: names.filter((name) => !built.has(name)),
  };
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
        const report = await writeSearchIndex(
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

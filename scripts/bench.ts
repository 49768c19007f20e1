/**
 * `npm run bench -- --articles N [--skip-baseline] [--skip-incremental] [--settle SECONDS]`: builds a
 * synthetic archive of N bulletins with the real site and prints wall time and peak memory per phase,
 * processor time by process, output size and file count; then adds one bulletin and builds again with
 * the caches of the first build, and checks that the result equals a build from scratch; and, in the
 * same run, measures the naive pipeline (pages, then `pagefind --site` with defaults), with ratios.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, settleDeletions, SETTLE_SECONDS, type Measured } from './lib/measure';
import { addNewestArticle, seedParagraphs, writeSyntheticArchive } from './lib/synthetic';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    'skip-baseline': { type: 'boolean', default: false },
    'skip-incremental': { type: 'boolean', default: false },
    dir: { type: 'string', default: '.tmp/bench' },
    // Seconds to wait after deleting an earlier run's files (0 on a file system that needs no wait).
    settle: { type: 'string', default: String(SETTLE_SECONDS) },
  },
});
const count = Number(values.articles);
if (!Number.isInteger(count) || count < 1) throw new Error(`--articles expects a positive whole number, got ${values.articles}`);
const settleSeconds = Number(values.settle);
if (!Number.isFinite(settleSeconds) || settleSeconds < 0) throw new Error(`--settle expects seconds (0 or more), got ${values.settle}`);
const root = process.cwd();
// `--dir` relative to the project, or absolute.
const work = resolve(root, values.dir, String(count));
const content = join(work, 'content');
const node = process.execPath;
const astro = join(root, 'node_modules/astro/bin/astro.mjs');
const pagefindCli = join(root, 'node_modules/pagefind/lib/runner/bin.cjs');
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', CONTENT_DIR: content };

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const secs = (seconds: number) => `${seconds.toFixed(1)} s`;
const peak = (m: Measured, names?: RegExp) =>
  Math.max(0, ...[...m.peakBytes].filter(([name]) => !names || names.test(name)).map(([, bytes]) => bytes));

/**
 * Where a build's processor time went, and what it means for its wall time: however well the work
 * were spread, a build cannot take less than its processor time divided by the cores.
 */
function processorTime(what: string, run: Measured): string {
  const { root, byName } = run.cpuSeconds;
  const sum = (names: RegExp) => [...byName].filter(([name]) => names.test(name)).reduce((total, [, seconds]) => total + seconds, 0);
  const indexNode = sum(/^node$/);
  const pagefind = sum(/^pagefind/);
  const total = root + sum(/./);
  const other = total - root - indexNode - pagefind;
  const cores = availableParallelism();
  return (
    `${what}, processor time (sampled, so a little low): Astro's process ${secs(root)}, the index's Node processes ${secs(indexNode)}, ` +
    `Pagefind ${secs(pagefind)}${other > 0.05 ? `, others ${secs(other)}` : ''}; ${secs(total)} in all, ` +
    `so at least ${secs(total / cores)} of wall time on ${cores} cores (${secs(run.seconds)} taken)`
  );
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

async function size(dir: string): Promise<{ bytes: number; files: number }> {
  const list = await files(dir);
  let bytes = 0;
  for (const file of list) bytes += (await stat(join(dir, file))).size;
  return { bytes, files: list.length };
}

/** The files that differ between two builds (missing on one side, or other bytes). */
async function differences(a: string, b: string): Promise<string[]> {
  const [left, right] = [new Set(await files(a)), new Set(await files(b))];
  const differ = [...new Set([...left, ...right])].filter((f) => !left.has(f) || !right.has(f));
  for (const file of [...left].filter((f) => right.has(f))) {
    const [x, y] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))]);
    if (!x.equals(y)) differ.push(file);
  }
  return differ.sort();
}

function mustSucceed(what: string, run: Measured): void {
  if (run.code !== 0) throw new Error(`${what} failed:\n${run.output.slice(-3000)}`);
}

/** Keeps a command's output as `<work>/<name>.log`, for reading where its time went. */
async function keepLog(name: string, run: Measured): Promise<void> {
  await writeFile(join(work, `${name}.log`), run.output);
}

/**
 * `astro build` of the archive into `outDir` with Astro's caches in `cacheDir`, its output kept as
 * `<work>/<name>.log`; the index phase from its log line.
 */
async function buildSite(outDir: string, cacheDir: string, name: string) {
  const run = await measure(node, [astro, 'build', '--outDir', outDir], { ...env, CACHE_DIR: cacheDir }, root);
  await keepLog(name, run);
  mustSucceed('astro build', run);
  const line = /indexed \d+ article page\(s\) for search in ([\d.]+) s after the pages: (.*)/.exec(run.output);
  const indexSeconds = Number(line?.[1] ?? 0);
  return {
    run,
    indexLog: line?.[2] ?? '',
    pages: { seconds: run.seconds - indexSeconds, peak: peak(run, /^node/) },
    index: { seconds: indexSeconds, peak: peak(run, /pagefind/) },
  };
}

// Every folder this run writes, emptied before anything is timed (a build from scratch starts from none).
const cache = join(work, 'cache');
const coldCache = join(work, 'cache-cold');
const outputs = [cache, join(work, 'dist'), coldCache, join(work, 'dist-cold'), join(work, 'cache-naive'), join(work, 'dist-naive')];
const leftOver = [content, ...outputs].some((dir) => existsSync(dir));
await Promise.all(outputs.map((dir) => rm(dir, { recursive: true, force: true })));
// And an earlier run's logs, so that every log beside this run's output is this run's.
const oldLogs = existsSync(work) ? (await readdir(work)).filter((name) => name.endsWith('.log')) : [];
await Promise.all(oldLogs.map((name) => rm(join(work, name))));

console.log(`generating ${count} synthetic bulletins in ${relative(root, content)} …`);
const generated = performance.now();
const paragraphs = await seedParagraphs(join(root, 'content/2021/2021-03-05-e6e5bdee.md'));
await writeSyntheticArchive(content, count, paragraphs);
console.log(`  done in ${secs((performance.now() - generated) / 1000)}\n`);
if (leftOver && settleSeconds > 0) {
  console.log(`waiting ${settleSeconds} s after deleting an earlier run's files, so that no timed build pays for them (see settleDeletions) …\n`);
  await settleDeletions(settleSeconds);
}

// The real site from scratch: pages and search index in one `astro build`, with empty caches.
const site = await buildSite(join(work, 'dist'), cache, 'site');
const siteSize = await size(join(work, 'dist'));
const rows: string[][] = [
  ['pipeline', 'phase', 'wall', 'peak RSS'],
  ['site', 'pages (index begun alongside)', secs(site.pages.seconds), mib(site.pages.peak)],
  ['site', 'search index after the pages', secs(site.index.seconds), mib(site.index.peak)],
  ['site', 'total', secs(site.run.seconds), mib(peak(site.run))],
];
const notes = [`site output: ${mib(siteSize.bytes)} in ${siteSize.files} files (search index: ${site.indexLog})`, processorTime('site', site.run)];

/** The bulletin added for the incremental build, taken out again for the baseline. */
let addedArticle: string | undefined;
if (!values['skip-incremental']) {
  // One new bulletin, built with the caches of the build above; then the same archive from scratch.
  addedArticle = await addNewestArticle(content, count, paragraphs);
  const added = await buildSite(join(work, 'dist'), cache, 'site-added');
  const cold = await buildSite(join(work, 'dist-cold'), coldCache, 'site-added-from-scratch');
  const differ = await differences(join(work, 'dist'), join(work, 'dist-cold'));
  rows.push(
    ['site +1', 'pages (index begun alongside)', secs(added.pages.seconds), mib(added.pages.peak)],
    ['site +1', 'search index after the pages', secs(added.index.seconds), mib(added.index.peak)],
    ['site +1', 'total', secs(added.run.seconds), mib(peak(added.run))],
    ['site +1 from scratch', 'total', secs(cold.run.seconds), mib(peak(cold.run))],
  );
  notes.push(
    `adding one bulletin: ${secs(added.run.seconds)}, ${((added.run.seconds / site.run.seconds) * 100).toFixed(0)} % of the full build ` +
      `(${((added.run.seconds / cold.run.seconds) * 100).toFixed(0)} % of the same archive from scratch); search index: ${added.indexLog}`,
    differ.length === 0
      ? `the incremental build equals the build from scratch: all ${(await files(join(work, 'dist'))).length} files identical`
      : `the incremental build DIFFERS from the build from scratch in ${differ.length} file(s): ${differ.slice(0, 5).join(', ')}`,
    processorTime('site +1', added.run),
  );
}

if (!values['skip-baseline']) {
  // The same archive as the site's first build: without the added bulletin.
  if (addedArticle) await rm(addedArticle);
  const pages = await measure(node, [astro, 'build', '--outDir', join(work, 'dist-naive')], { ...env, SEARCH_INDEX: 'off', CACHE_DIR: join(work, 'cache-naive') }, root);
  await keepLog('naive-pages', pages);
  mustSucceed('astro build (baseline)', pages);
  const index = await measure(node, [pagefindCli, '--site', join(work, 'dist-naive')], env, root);
  await keepLog('naive-index', index);
  mustSucceed('pagefind --site (baseline)', index);
  const naive = { seconds: pages.seconds + index.seconds, peak: Math.max(peak(pages), peak(index)) };
  rows.push(
    ['naive', 'pages (astro build)', secs(pages.seconds), mib(peak(pages))],
    ['naive', 'pagefind --site dist', secs(index.seconds), mib(peak(index))],
    ['naive', 'total', secs(naive.seconds), mib(naive.peak)],
  );
  notes.push(
    `ratios, site / naive: wall ${(site.run.seconds / naive.seconds).toFixed(2)}×, peak memory ${(peak(site.run) / naive.peak).toFixed(2)}×`,
  );
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
console.log(`\n${notes.join('\n')}`);
console.log(`build logs: ${relative(root, work)}/*.log`);

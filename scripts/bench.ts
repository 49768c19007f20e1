/**
 * `npm run bench -- --articles N [--skip-baseline]`: builds a synthetic archive of N bulletins with the
 * real site and prints wall time and peak memory per phase, output size and file count; and, in the
 * same run, the same for the naive pipeline (pages, then `pagefind --site` with defaults), with ratios.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, type Measured } from './lib/measure';
import { seedParagraphs, writeSyntheticArchive } from './lib/synthetic';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    'skip-baseline': { type: 'boolean', default: false },
    dir: { type: 'string', default: '.tmp/bench' },
  },
});
const count = Number(values.articles);
if (!Number.isInteger(count) || count < 1) throw new Error(`--articles expects a positive whole number, got ${values.articles}`);
const root = process.cwd();
const work = join(root, values.dir, String(count));
const node = process.execPath;
const astro = join(root, 'node_modules/astro/bin/astro.mjs');
const pagefindCli = join(root, 'node_modules/pagefind/lib/runner/bin.cjs');
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', CONTENT_DIR: join(work, 'content') };

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const peak = (m: Measured, names?: RegExp) =>
  Math.max(0, ...[...m.peakBytes].filter(([name]) => !names || names.test(name)).map(([, bytes]) => bytes));

async function size(dir: string): Promise<{ bytes: number; files: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let bytes = 0;
  let files = 0;
  for (const entry of entries.filter((e) => e.isFile())) {
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files += 1;
  }
  return { bytes, files };
}

function mustSucceed(what: string, run: Measured): void {
  if (run.code !== 0) throw new Error(`${what} failed:\n${run.output.slice(-3000)}`);
}

console.log(`generating ${count} synthetic bulletins in ${relative(root, work)}/content …`);
const generated = performance.now();
await writeSyntheticArchive(join(work, 'content'), count, await seedParagraphs(join(root, 'content/2021/2021-03-05-e6e5bdee.md')));
console.log(`  done in ${((performance.now() - generated) / 1000).toFixed(1)} s\n`);

// The real site: pages and search index in one `astro build`.
const site = await measure(node, [astro, 'build', '--outDir', join(work, 'dist')], env, root);
mustSucceed('astro build', site);
const indexSeconds = Number(/indexed \d+ article page\(s\) for search in ([\d.]+) s/.exec(site.output)?.[1] ?? 0);
const siteSize = await size(join(work, 'dist'));
const sitePages = { seconds: site.seconds - indexSeconds, peak: peak(site, /^node/) };
const siteIndex = { seconds: indexSeconds, peak: peak(site, /pagefind/) };

const rows: string[][] = [
  ['pipeline', 'phase', 'wall', 'peak RSS'],
  ['site', 'pages (astro build)', `${sitePages.seconds.toFixed(1)} s`, mib(sitePages.peak)],
  ['site', 'search index', `${siteIndex.seconds.toFixed(1)} s`, mib(siteIndex.peak)],
  ['site', 'total', `${site.seconds.toFixed(1)} s`, mib(peak(site))],
];
let naiveTotal: { seconds: number; peak: number } | undefined;
if (!values['skip-baseline']) {
  const pages = await measure(node, [astro, 'build', '--outDir', join(work, 'dist-naive')], { ...env, SEARCH_INDEX: 'off' }, root);
  mustSucceed('astro build (baseline)', pages);
  const index = await measure(node, [pagefindCli, '--site', join(work, 'dist-naive')], env, root);
  mustSucceed('pagefind --site (baseline)', index);
  naiveTotal = { seconds: pages.seconds + index.seconds, peak: Math.max(peak(pages), peak(index)) };
  rows.push(
    ['naive', 'pages (astro build)', `${pages.seconds.toFixed(1)} s`, mib(peak(pages))],
    ['naive', 'pagefind --site dist', `${index.seconds.toFixed(1)} s`, mib(peak(index))],
    ['naive', 'total', `${naiveTotal.seconds.toFixed(1)} s`, mib(naiveTotal.peak)],
  );
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
console.log(`\nsite output: ${mib(siteSize.bytes)} in ${siteSize.files} files (search bundle included)`);
if (naiveTotal) {
  console.log(
    `ratios, site / naive: wall ${(site.seconds / naiveTotal.seconds).toFixed(2)}×, peak memory ${(peak(site) / naiveTotal.peak).toFixed(2)}×`,
  );
}

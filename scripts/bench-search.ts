/**
 * `npm run bench:search -- [--dist DIR] [--base /]`: serves a built site on 127.0.0.1 and, in headless
 * Chromium with an empty cache for each query, types typical queries into the search page and prints
 * how many bytes were fetched before the first results (as served, and gzip-compressed as a host would
 * send them), of which Pagefind's index chunks and fragments, and how long results took to show after the
 * last keystroke and after the page's typing pause (200 ms) ended.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { TYPING_PAUSE_MS } from '../src/lib/search-state';
import { launchBrowser } from './lib/browser';
import { serveSite } from './lib/serve';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    base: { type: 'string', default: '/' },
    query: { type: 'string', multiple: true, default: ['害群之马', '教育整顿', '戴军', '顽瘴痼疾', '成渝', '政治部主任'] },
  },
});
const server = await serveSite(values.dist, values.base);
const browser = await launchBrowser();
const rows: string[][] = [['query', 'results', 'ms after typing', 'ms after settling', 'bytes fetched', 'gzip', 'index chunks', 'fragments', 'requests']];
try {
  for (const query of values.query) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let raw = 0;
    let gzip = 0;
    let chunks = 0;
    let fragments = 0;
    let requests = 0;
    let counting = true;
    page.on('response', async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      if (!counting) return;
      raw += body.length;
      requests += 1;
      if (response.url().endsWith('.pf_index')) chunks += body.length;
      if (response.url().endsWith('.pf_fragment')) fragments += body.length;
      // Pagefind's index files are already gzip-compressed; compress the rest as a host would.
      gzip += /\.pf_|\.pagefind$/.test(response.url()) ? body.length : gzipSync(body).length;
    });
    await page.goto(`${server.origin}${values.base}search/`);
    await page.waitForFunction(() => !/正在搜索/.test(document.querySelector('#search-status')?.textContent ?? '正在搜索'));
    await page.fill('#search-input', query);
    const typed = performance.now();
    await page.waitForFunction(() => /^(找到|没有)/.test(document.querySelector('#search-status')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const shown = performance.now() - typed;
    counting = false;
    const status = (await page.textContent('#search-status')) ?? '';
    rows.push([
      query,
      /\d+/.exec(status)?.[0] ?? '0',
      shown.toFixed(0),
      (shown - TYPING_PAUSE_MS).toFixed(0),
      String(raw),
      String(gzip),
      String(chunks),
      String(fragments),
      String(requests),
    ]);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
console.log(`\n"ms after typing" includes the ${TYPING_PAUSE_MS} ms pause the page waits for typing to settle; "ms after settling" does not.`);

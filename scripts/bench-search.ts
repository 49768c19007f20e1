/**
 * `npm run bench:search -- [--dist DIR] [--base /]`: serves a built site on 127.0.0.1 and, in headless
 * Chromium with an empty cache for each query, types typical queries into the search page and prints
 * how many bytes were fetched before the first results showed (as served, and gzip-compressed as a host
 * would send them), of which Pagefind's index chunks and fragments, and how long the first results took
 * after the last keystroke and after the page's typing pause (200 ms) ended; then the same until every
 * shard was searched and the count complete. `--requests` lists each response counted.
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
    /** Also list every response counted, before or after the first results, with its compressed size. */
    requests: { type: 'boolean', default: false },
  },
});
const server = await serveSite(values.dist, values.base);
const browser = await launchBrowser();
const rows: string[][] = [
  ['query', 'results', 'first results ms', 'after settling', 'gzip', 'bytes', 'index chunks', 'fragments', 'requests', 'all ms', 'all gzip', 'typing ms'],
];
/** One response: its URL, its size as served, and as a host would send it (gzip), and when it had arrived (ms since the epoch). */
interface Fetched {
  url: string;
  raw: number;
  gzip: number;
  finishedAt: number;
}

/** Totals of `responses`: bytes as served and sent, of which index chunks and fragments, and their number. */
function totals(responses: readonly Fetched[]) {
  const sum = (list: readonly Fetched[], key: 'raw' | 'gzip') => list.reduce((total, r) => total + r[key], 0);
  return {
    raw: sum(responses, 'raw'),
    gzip: sum(responses, 'gzip'),
    chunks: sum(responses.filter((r) => r.url.endsWith('.pf_index')), 'raw'),
    fragments: sum(responses.filter((r) => r.url.endsWith('.pf_fragment')), 'raw'),
    requests: responses.length,
  };
}

try {
  for (const query of values.query) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses: Promise<Fetched>[] = [];
    page.on('response', (response) => {
      responses.push(
        response.body().then(
          (body) => {
            const timing = response.request().timing();
            return {
              url: response.url(),
              raw: body.length,
              // Pagefind's index files are already gzip-compressed; compress the rest as a host would.
              gzip: /\.pf_|\.pagefind$/.test(response.url()) ? body.length : gzipSync(body).length,
              finishedAt: timing.startTime + timing.responseEnd,
            };
          },
          () => ({ url: response.url(), raw: 0, gzip: 0, finishedAt: 0 }),
        ),
      );
    });
    await page.goto(`${server.origin}${values.base}search/`);
    await page.waitForFunction(() => !/正在搜索/.test(document.querySelector('#search-status')?.textContent ?? '正在搜索'));
    // The page notes the moment the query is typed (its last input event) and the moment the first results
    // (or word that there are none) appear. A string, so that the bundler's helpers stay out of code that
    // runs in the page.
    await page.evaluate(`(() => {
      const list = document.querySelector('#search-results');
      const status = document.querySelector('#search-status');
      window.addEventListener('input', (event) => { if (event.target?.id === 'search-input') list.dataset.typedAt = String(Date.now()); }, { capture: true });
      const note = () => {
        const shown = list.children.length > 0 || /^没有/.test(status.textContent ?? '');
        if (shown && !list.dataset.firstShownAt) list.dataset.firstShownAt = String(Date.now());
      };
      new MutationObserver(note).observe(list, { childList: true });
      new MutationObserver(note).observe(status, { childList: true, characterData: true, subtree: true });
    })()`);
    const filled = Date.now();
    await page.fill('#search-input', query);
    const firstShownAt = Number(
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#search-results')?.dataset['firstShownAt'], undefined, { timeout: 30_000 }).then((h) => h.jsonValue()),
    );
    // From the keystroke as the page got it: Playwright takes its own time (its checks, round trips to the
    // browser) between being asked to type and the input event, 100 ms and more on a busy machine.
    const typed = Number(await page.evaluate(() => document.querySelector<HTMLElement>('#search-results')?.dataset['typedAt']));
    if (!Number.isFinite(typed)) throw new Error(`the search page saw no input event for ${query}`);
    const shown = firstShownAt - typed;
    // …then every shard searched and the count complete.
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('#search-results')?.dataset['searched'] === 'all' &&
        /^(找到|没有)/.test(document.querySelector('#search-status')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    const all = Date.now() - typed;
    const fetched = await Promise.all(responses);
    // What had arrived when the first results appeared.
    const before = fetched.filter((r) => r.finishedAt <= firstShownAt);
    const first = totals(before);
    if (values.requests) {
      for (const r of fetched) console.log(`${query}\t${before.includes(r) ? 'first' : 'later'}\t${r.gzip}\t${r.url.replace(server.origin, '')}`);
    }
    const status = (await page.textContent('#search-status')) ?? '';
    rows.push([
      query,
      /\d+/.exec(status)?.[0] ?? '0',
      shown.toFixed(0),
      (shown - TYPING_PAUSE_MS).toFixed(0),
      String(first.gzip),
      String(first.raw),
      String(first.chunks),
      String(first.fragments),
      String(first.requests),
      (all - TYPING_PAUSE_MS).toFixed(0),
      String(totals(fetched).gzip),
      String(typed - filled),
    ]);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
console.log(
  [
    '',
    `"first results ms": from the last keystroke to the first results on the page, including the ${TYPING_PAUSE_MS} ms pause`,
    'the page waits for typing to settle; "after settling" leaves the pause out. "gzip" … "requests": what was fetched',
    'from opening the page until the first results showed. "all ms" (after settling) and "all gzip": until every',
    'shard was searched and the count complete. The keystroke is the page\'s input event; "typing ms" is how long',
    'Playwright took from being asked to type to that event, which none of the other figures include.',
  ].join('\n'),
);

/**
 * `npm run lighthouse -- [--dist DIR] [--query 教育整顿]`: serves a built site on 127.0.0.1 with the
 * site's security headers and gzip compression, as a static host would, and runs Lighthouse (mobile, its default) with Debian's Chromium on the home
 * page, the newest article and the search page with a query; prints the four category scores and exits
 * non-zero when any is below 100.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { SECURITY_HEADERS } from '../src/lib/security';
import { CHROMIUM, CHROMIUM_FLAGS } from './lib/browser';
import { serveSite } from './lib/serve';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    query: { type: 'string', default: '教育整顿' },
  },
});
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const newest = (await readdir(join(values.dist, 'articles'))).sort().at(-1);
if (!newest) throw new Error(`${values.dist} has no articles: build the site first (npm run build)`);
const pages = { home: '', article: `articles/${newest}/`, search: `search/?q=${encodeURIComponent(values.query)}` };

const server = await serveSite(values.dist, '/', SECURITY_HEADERS, { compress: true });
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: [...CHROMIUM_FLAGS] });
const rows: string[][] = [['page', ...CATEGORIES]];
let below = 0;
try {
  for (const [name, path] of Object.entries(pages)) {
    const result = await lighthouse(`${server.origin}/${path}`, { port: chrome.port, logLevel: 'error', onlyCategories: [...CATEGORIES] });
    const scores = CATEGORIES.map((category) => Math.round((result?.lhr.categories[category]?.score ?? 0) * 100));
    below += scores.filter((score) => score < 100).length;
    rows.push([`${name} (/${path})`, ...scores.map(String)]);
    for (const audit of Object.values(result?.lhr.audits ?? {})) {
      if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual') {
        console.log(`  ${name}: ${audit.id} (${audit.score}) ${audit.displayValue ?? ''}`);
      }
    }
  }
} finally {
  chrome.kill();
  await server.close();
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
process.exitCode = below > 0 ? 1 : 0;

/** Accessibility (axe-core, WCAG 2.2 AA) and the Content-Security-Policy, in a real browser. */
import { createRequire } from 'node:module';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/lib/security';
import { bulletinSeries } from '../helpers/articles';
import { buildSiteOrThrow, makeArchive } from '../helpers/build';
import { launchBrowser } from '../../scripts/lib/browser';
import { CONTENT, FIXTURE_ARCHIVE } from '../helpers/paths';
import { serveSite, type SiteServer } from '../../scripts/lib/serve';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SEED = '2021-03-05-e6e5bdee';
const COURT = '重庆市高级人民法院';
const PAGES = {
  home: '',
  article: `articles/${SEED}/`,
  archive: 'archive/2021/',
  court: `courts/${encodeURIComponent(COURT)}/`,
  // With the 100 bulletins below: a front page and four older ones, so the navigation has a gap.
  'older court': `courts/${encodeURIComponent(COURT)}/page/1/`,
  search: `search/?q=${encodeURIComponent('教育整顿')}`,
};

let browser: Browser;
let server: SiteServer;

beforeAll(async () => {
  const series = bulletinSeries({ count: 100, start: '2020-01-01', court: COURT, prefix: 'q' });
  server = await serveSite(await buildSiteOrThrow(await makeArchive([CONTENT, FIXTURE_ARCHIVE], series)), '/', SECURITY_HEADERS);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the search page has shown its results (or said there are none). */
async function searchSettled(page: import('playwright-core').Page) {
  await page.waitForFunction(() => /^(找到|没有)/.test(document.querySelector('#search-status')?.textContent ?? ''));
}

describe.each(['light', 'dark'] as const)('accessibility in the %s colour scheme', (colorScheme) => {
  let context: BrowserContext;
  beforeAll(async () => {
    // axe is injected as a script, which the site's CSP rightly forbids: this context alone bypasses it.
    context = await browser.newContext({ bypassCSP: true, colorScheme });
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(Object.entries(PAGES))('the %s page has no WCAG 2.2 AA violations', async (name, path) => {
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(`${server.origin}/${path}`);
    if (name === 'search') await searchSettled(page);
    // The navigation is checked with all its parts: newer, numbers, a gap, the current page.
    if (name === 'older court') await expect(page.locator('.pagination li[aria-hidden="true"]').count()).resolves.toBe(1);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
    await page.close();
  });
});

describe('with the Content-Security-Policy enforced', () => {
  it('loads every page and searches without a single violation', async () => {
    const context = await browser.newContext();
    const violations: string[] = [];
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
          `${event.violatedDirective} ${event.blockedURI}`,
        );
      });
    });
    await context.exposeFunction('reportViolation', (text: string) => violations.push(text));
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    for (const path of Object.values(PAGES)) await page.goto(`${server.origin}/${path}`);
    await searchSettled(page);
    expect(await page.textContent('#search-status')).toMatch(/^找到 \d+ 篇通报/);
    await page.click(`#search-results a[href*="${SEED}"]`);
    await page.waitForSelector('mark.search-hit');
    expect(violations).toEqual([]);
    await context.close();
  });
});

/**
 * Newest first, the search page shows its first results from the newest shards of the index before it
 * has fetched the older ones, then completes the count: checked on a synthetic archive of five years,
 * with the older shards' files held back by the browser until the first results are on the page.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildSiteOrThrow } from '../helpers/build';
import { SEED_ARTICLE } from '../helpers/paths';
import { launchBrowser, watchPage } from '../../scripts/lib/browser';
import { serveSite, type SiteServer } from '../../scripts/lib/serve';
import { seedParagraphs, writeSyntheticArchive } from '../../scripts/lib/synthetic';

/** Years whose shards are held back: the archive's bulletins are dated over 2021–2025. */
const OLDER = /\/pagefind\/(2021|2022|2023)(-\d+)?\//;

let browser: Browser;
let server: SiteServer;
beforeAll(async () => {
  const content = await mkdtemp(join(tmpdir(), 'archive-newest-'));
  await writeSyntheticArchive(content, 60, await seedParagraphs(SEED_ARTICLE));
  server = await serveSite(await buildSiteOrThrow(content));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shownIds = (page: Page) =>
  page.$$eval('#search-results h3 a', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.split('/').at(-2) ?? ''));

describe('search, newest first', () => {
  it('shows the newest results before the older shards load, then the full count', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const watch = watchPage(page, server.origin);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const olderAsked: string[] = [];
    await page.route(OLDER, async (route) => {
      olderAsked.push(route.request().url());
      await held;
      await route.continue();
    });

    // With the older shards held back, a page that needed them first would never show results.
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 10);
    const first = await shownIds(page);
    expect(first).toEqual([...first].sort().reverse());
    expect(first.every((id) => id >= '2024')).toBe(true);
    expect(await page.getAttribute('#search-results', 'aria-busy')).toBe('true');
    expect(await page.textContent('#search-status')).toBe('正在检索更早的通报…');
    expect(await page.isVisible('#search-more')).toBe(false);
    // Asked for (for the count) only now that the first results are shown, and still held back.
    expect(olderAsked.length).toBeGreaterThan(0);

    release();
    await page.waitForFunction(() => document.querySelector('#search-results')?.getAttribute('aria-busy') === 'false');
    const status = (await page.textContent('#search-status')) ?? '';
    const total = Number(/^找到 (\d+) 篇通报，显示前 10 篇$/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(30);
    expect(await shownIds(page)).toEqual(first);

    // "More" goes on into the older years, still newest first.
    await page.click('#search-more');
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 20);
    const twenty = await shownIds(page);
    expect(twenty.slice(0, 10)).toEqual(first);
    expect(twenty).toEqual([...twenty].sort().reverse());
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('says so when an older shard cannot be loaded, after showing the newest results', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.route(OLDER, (route) => route.abort());
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    await page.waitForFunction(() => document.querySelector('#search-results')?.getAttribute('aria-busy') === 'false');
    expect(await page.textContent('#search-status')).toBe('搜索暂时无法使用，请稍后再试。');
    expect(await page.$$eval('#search-results li', (items) => items.length)).toBe(10);
    await page.close();
  });

  it('by relevance, waits for every shard and finds the same bulletins', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    await page.waitForFunction(() => /^找到/.test(document.querySelector('#search-status')?.textContent ?? ''));
    const newest = await page.textContent('#search-status');
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}&sort=relevance`);
    await page.waitForFunction(() => /^找到/.test(document.querySelector('#search-status')?.textContent ?? ''));
    expect(await page.textContent('#search-status')).toBe(newest);
    await page.close();
  });
});

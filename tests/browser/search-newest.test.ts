/**
 * Newest first, the search page shows its first results from the newest shards of the index before it
 * has fetched the older ones, then completes the count. Checked on a synthetic archive of five years
 * (one shard each) against what its files contain, with the older shards' files held back by the
 * browser where it matters.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildSiteOrThrow } from '../helpers/build';
import { SEED_ARTICLE } from '../helpers/paths';
import { launchBrowser, watchPage } from '../../scripts/lib/browser';
import { serveSite, type SiteServer } from '../../scripts/lib/serve';
import { seedParagraphs, writeSyntheticArchive } from '../../scripts/lib/synthetic';

/** Shards held back in some tests: the archive's bulletins are dated over 2021–2025. */
const OLDER = /\/pagefind\/(2021|2022|2023)(-\d+)?\//;
const COURT = '最高人民法院';

let browser: Browser;
let server: SiteServer;
/** Each bulletin's id and file text. */
let files: { id: string; text: string }[] = [];
beforeAll(async () => {
  const content = await mkdtemp(join(tmpdir(), 'archive-newest-'));
  await writeSyntheticArchive(content, 60, await seedParagraphs(SEED_ARTICLE));
  const paths = (await readdir(content, { recursive: true })).filter((path) => path.endsWith('.md'));
  files = await Promise.all(paths.map(async (path) => ({ id: (path.split('/').at(-1) ?? '').replace(/\.md$/, ''), text: await readFile(join(content, path), 'utf8') })));
  server = await serveSite(await buildSiteOrThrow(content));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The ids of the bulletins whose file contains `word` (and names `court`), newest first. */
const expectedIds = (word: string, court?: string) =>
  files
    .filter(({ text }) => text.includes(word) && (!court || text.includes(`\ncourt: ${court}\n`)))
    .map(({ id }) => id)
    .sort()
    .reverse();

const shownIds = (page: Page) =>
  page.$$eval('#search-results h3 a', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.split('/').at(-2) ?? ''));

/** Holds back every request for the older shards until the returned function is called. */
async function holdOlderShards(page: Page): Promise<{ release: () => void; asked: string[] }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const asked: string[] = [];
  await page.route(OLDER, async (route) => {
    asked.push(route.request().url());
    await held;
    await route.continue();
  });
  return { release, asked };
}

const allSearched = (page: Page) =>
  page.waitForFunction(() => document.querySelector<HTMLElement>('#search-results')?.dataset['searched'] === 'all');

async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

describe('search, newest first', () => {
  it('shows the newest results before the older shards load, then the full count', async () => {
    const page = await newPage();
    const watch = watchPage(page, server.origin);
    const expected = expectedIds('教育整顿');
    expect(expected.length).toBeGreaterThan(30);
    const { release, asked } = await holdOlderShards(page);

    // With the older shards held back, a page that needed them first would never show results.
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 10);
    expect(await shownIds(page)).toEqual(expected.slice(0, 10));
    expect(await page.getAttribute('#search-results', 'data-searched')).toBe('newest');
    expect(await page.getAttribute('#search-results', 'aria-busy')).toBe('false');
    expect(await page.textContent('#search-status')).toBe('正在检索更早的通报…');
    expect(await page.isVisible('#search-more')).toBe(false);
    // Asked for (for the count) only now that the first results are shown, and still held back.
    expect(asked.length).toBeGreaterThan(0);

    release();
    await allSearched(page);
    expect(await page.textContent('#search-status')).toBe(`找到 ${expected.length} 篇通报，显示前 10 篇`);
    // "More" goes on into the older years, still newest first.
    await page.click('#search-more');
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 20);
    expect(await shownIds(page)).toEqual(expected.slice(0, 20));
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('merges older shards until it has enough for a narrow search, and finds exactly what the files hold', async () => {
    const page = await newPage();
    const expected = expectedIds('教育整顿', COURT);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(10);
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}&court=${encodeURIComponent(COURT)}`);
    await allSearched(page);
    expect(await shownIds(page)).toEqual(expected);
    expect(await page.textContent('#search-status')).toBe(`找到 ${expected.length} 篇通报`);
    await page.close();
  });

  it('shows only the newest search when the reader searches again while older shards load', async () => {
    const page = await newPage();
    const { release } = await holdOlderShards(page);
    // A narrow search needs the older shards for its first results: it waits for them…
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}&court=${encodeURIComponent(COURT)}`);
    await page.waitForTimeout(500);
    expect(await page.textContent('#search-status')).toBe('正在搜索…');
    // …while the reader asks for another word (the court still selected); then both can finish.
    await page.fill('#search-input', '刮骨疗毒');
    await page.press('#search-input', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === '刮骨疗毒');
    release();
    await allSearched(page);
    await page.waitForTimeout(500);
    const expected = expectedIds('刮骨疗毒', COURT);
    expect(expected.length).toBeGreaterThan(0);
    expect(await shownIds(page)).toEqual(expected);
    expect(await page.textContent('#search-status')).toBe(`找到 ${expected.length} 篇通报`);
    await page.close();
  });

  it('says so when an older shard cannot be loaded, keeping the newest results it showed', async () => {
    const page = await newPage();
    await page.route(OLDER, (route) => route.abort());
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    await allSearched(page);
    expect(await page.textContent('#search-status')).toBe('搜索暂时无法使用，请刷新页面或稍后再试。');
    expect(await shownIds(page)).toEqual(expectedIds('教育整顿').slice(0, 10));
    // A later search fails too (Pagefind keeps the failed shard): the earlier results do not stay under it.
    await page.fill('#search-input', '刮骨疗毒');
    await page.press('#search-input', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === '刮骨疗毒');
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 0);
    expect(await page.textContent('#search-status')).toBe('搜索暂时无法使用，请刷新页面或稍后再试。');
    await page.close();
  });

  it('says so when the index cannot be loaded at all', async () => {
    const page = await newPage();
    await page.route(/\/pagefind\/2025\//, (route) => route.abort());
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    await allSearched(page);
    expect(await page.textContent('#search-status')).toBe('搜索暂时无法使用，请刷新页面或稍后再试。');
    expect(await shownIds(page)).toEqual([]);
    await page.close();
  });

  it('by relevance, waits for every shard, then finds the same bulletins', async () => {
    const page = await newPage();
    const { release } = await holdOlderShards(page);
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}&sort=relevance`);
    await page.waitForTimeout(1_000);
    expect(await page.$$eval('#search-results li', (items) => items.length)).toBe(0);
    expect(await page.textContent('#search-status')).toBe('正在搜索…');
    release();
    await allSearched(page);
    expect(await page.textContent('#search-status')).toBe(`找到 ${expectedIds('教育整顿').length} 篇通报，显示前 10 篇`);
    await page.close();
  });
});

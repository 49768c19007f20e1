/** Search in a real browser, against the built fixture archive served locally, at the root and under a sub-path. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildSiteOrThrow, makeArchive } from '../helpers/build';
import { launchBrowser, watchPage, type PageWatch } from '../../scripts/lib/browser';
import { CONTENT, FIXTURE_ARCHIVE } from '../helpers/paths';
import { serveSite, type SiteServer } from '../../scripts/lib/serve';

const SEED_ID = '2021-03-05-e6e5bdee';
const TRADITIONAL_ID = '2022-03-01-a1000008';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([{ base: '/' }, { base: '/sub/' }])('search with BASE=$base', ({ base }) => {
  let server: SiteServer;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    server = await serveSite(await buildSiteOrThrow(await makeArchive([CONTENT, FIXTURE_ARCHIVE]), { BASE: base }), base);
  });
  afterAll(async () => {
    await server?.close();
  });

  const open = async (path: string) => {
    page = await browser.newPage();
    page.setDefaultTimeout(8_000);
    watch = watchPage(page, server.origin);
    await page.goto(`${server.origin}${base}${path}`);
  };
  /** The article ids of the shown results, in order, once the search has settled. */
  const resultIds = async () => {
    await page.waitForFunction(() => {
      const status = document.querySelector('#search-status')?.textContent ?? '';
      // Until every shard of the index has been searched, the list holds the newest results only.
      return status !== '' && status !== '正在搜索…' && document.querySelector<HTMLElement>('#search-results')?.dataset['searched'] === 'all';
    });
    return page.$$eval('#search-results h3 a', (links) =>
      links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.split('/').at(-2) ?? ''),
    );
  };
  const searchFor = async (query: string) => {
    await page.fill('#search-input', query);
    await page.press('#search-input', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === query);
    return resultIds();
  };

  it('shows the article that best matches a query first, with a marked excerpt and no stray requests', async () => {
    await open('search/');
    await expect(resultIds()).resolves.toEqual([]);
    const ids = await searchFor('戴军');
    expect(ids).toEqual([SEED_ID]);
    expect(await page.textContent('#search-status')).toBe('找到 1 篇通报');
    expect(await page.$$eval('#search-results mark', (marks) => marks.map((m) => m.textContent))).toContain('戴军');
    const meta = await page.textContent('#search-results .meta');
    expect(meta).toContain('2021年3月5日');
    expect(meta).toContain('重庆市高级人民法院');
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('runs a shared ?q= link, and the header search box leads to it without JavaScript', async () => {
    await open(`search/?q=${encodeURIComponent('刮骨疗毒')}`);
    expect((await resultIds()).sort()).toEqual(['2021-03-10-a1000002', SEED_ID].sort());
    expect(await page.inputValue('#search-input')).toBe('刮骨疗毒');

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${server.origin}${base}`);
    await plain.fill('#site-search-input', '成渝');
    await plain.press('#site-search-input', 'Enter');
    await plain.waitForURL(`${server.origin}${base}search/?q=${encodeURIComponent('成渝')}`);
    await noScript.close();
  });

  it('narrows results with a filter, keeps it in the URL, and goes back with the browser', async () => {
    await open(`search/?q=${encodeURIComponent('害群之马')}`);
    const all = await resultIds();
    expect(all).toHaveLength(4);
    await page.getByRole('checkbox', { name: /重庆市渝中区人民法院/ }).check();
    await page.waitForURL((url) => url.searchParams.get('court') === '重庆市渝中区人民法院');
    expect(await resultIds()).toEqual(['2021-03-10-a1000002']);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('court'));
    expect((await resultIds()).sort()).toEqual([...all].sort());
  });

  it('sorts newest first unless asked for relevance, which finds the same bulletins', async () => {
    await open(`search/?q=${encodeURIComponent('教育整顿')}`);
    const ids = await resultIds();
    expect(await page.inputValue('#search-sort')).toBe('date');
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toEqual([...ids].sort().reverse());
    await page.selectOption('#search-sort', 'relevance');
    await page.waitForURL((url) => url.searchParams.get('sort') === 'relevance');
    const ranked = await resultIds();
    expect([...ranked].sort()).toEqual([...ids].sort());
    await page.selectOption('#search-sort', 'date');
    await page.waitForURL((url) => !url.searchParams.has('sort'));
    expect(await resultIds()).toEqual(ids);
  });

  it('finds with a Traditional query what the Simplified one finds, Traditional articles included', async () => {
    await open(`search/?q=${encodeURIComponent('害群之馬')}`);
    const traditional = await resultIds();
    await open(`search/?q=${encodeURIComponent('害群之马')}`);
    expect((await resultIds()).sort()).toEqual([...traditional].sort());
    expect(traditional).toContain(TRADITIONAL_ID);
    await open(`search/?q=${encodeURIComponent('頑瘴痼疾')}`);
    expect(await resultIds()).toContain(SEED_ID);
  });

  it('says so when nothing matches, even when a word shares characters with the archive', async () => {
    for (const query of ['量子计算', '戴军 量子', '子计']) {
      await open(`search/?q=${encodeURIComponent(query)}`);
      expect(await resultIds(), query).toEqual([]);
      expect(await page.textContent('#search-status')).toBe(`没有找到包含“${query}”的通报。`);
    }
  });

  it('highlights the searched words on the article opened from a result', async () => {
    await open(`search/?q=${encodeURIComponent('害群之马')}`);
    await resultIds();
    await page.click(`#search-results a[href*="${SEED_ID}"]`);
    await page.waitForSelector('mark.search-hit');
    const marks = await page.$$eval('mark.search-hit', (m) => m.map((x) => x.textContent));
    expect(marks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(marks)).toEqual(new Set(['害群之马']));
    expect(new URL(page.url()).pathname).toBe(`${base}articles/${SEED_ID}/`);

    await open(`articles/${TRADITIONAL_ID}/?highlight=${encodeURIComponent('害群之马')}`);
    await page.waitForSelector('mark.search-hit');
    expect(await page.$$eval('.bulletin__body mark.search-hit', (m) => m.map((x) => x.textContent))).toEqual(['害群之馬']);
    expect(watch.errors).toEqual([]);
  });

  it('is usable from the keyboard: a filter toggles with the space bar', async () => {
    await open(`search/?q=${encodeURIComponent('顽瘴痼疾')}`);
    await resultIds();
    await page.getByRole('checkbox', { name: /2023/ }).focus();
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.searchParams.get('year') === '2023');
    expect(await resultIds()).toEqual(['2023-04-06-a1000005']);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('2023');
  });
});

describe('search filters with many values', () => {
  /** 14 bulletins of one day, each with its own speaker, all mentioning 教育整顿. */
  const manyPeople: Record<string, string> = {};
  const names = ['甲一', '乙二', '丙三', '丁四', '戊五', '己六', '庚七', '辛八', '壬九', '癸十', '子丑', '寅卯', '辰巳', '午未'];
  names.forEach((name, i) => {
    const n = String(i + 1).padStart(2, '0');
    manyPeople[`2023/2023-06-${n}-c00000${n}.md`] = [
      '---',
      `title: 第${i + 1}次推进会`,
      `date: 2023-06-${n}`,
      'court: 重庆市第五中级人民法院',
      `speaker: { name: ${name}, title: 院长 }`,
      'tasks: []',
      'stages: []',
      `originalTitle: 第${i + 1}次推进会`,
      `summary: 第${i + 1}次推进会。`,
      '---',
      '',
      '推进教育整顿。',
      '',
    ].join('\n');
  });
  let server: SiteServer;

  beforeAll(async () => {
    server = await serveSite(await buildSiteOrThrow(await makeArchive([], manyPeople)), '/');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows the first twelve values of a filter, and all of them on request, focus on the first new one', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent('教育整顿')}`);
    const people = page.locator('#search-filters input[name=person]');
    await page.waitForSelector('.search-filters__all');
    await expect(people.count()).resolves.toBe(12);
    await page.click('.search-filters__all');
    await expect(people.count()).resolves.toBe(14);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('person');
    await expect(page.locator('.search-filters__all').count()).resolves.toBe(0);
    await page.close();
  });
});

/**
 * Search quality over the fixture archive: each query must return exactly the bulletins whose title or
 * text contains it (after folding Traditional to Simplified), no more and no fewer.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listArticleFiles, splitFrontmatter, parseFrontmatter, articleIdFromPath } from '../../src/lib/article-files';
import { foldScript } from '../../src/lib/search-text';
import { buildSiteOrThrow, makeArchive } from '../helpers/build';
import { launchBrowser } from '../../scripts/lib/browser';
import { CONTENT, FIXTURE_ARCHIVE } from '../helpers/paths';
import { serveSite, type SiteServer } from '../../scripts/lib/serve';

const SEED = '2021-03-05-e6e5bdee';
const TRADITIONAL = '2022-03-01-a1000008';

/** Query → the bulletins that must be found, and only they. */
const EXPECTED: Record<string, string[]> = {
  害群之马: [SEED, '2021-03-10-a1000002', '2021-08-20-a1000003', TRADITIONAL],
  顽瘴痼疾: [SEED, '2021-03-10-a1000002', '2021-08-20-a1000003', '2023-04-06-a1000005', TRADITIONAL],
  教育整顿: [SEED, '2021-03-09-a1000001', '2021-08-20-a1000003', '2022-01-15-a1000004', '2023-04-06-a1000005', TRADITIONAL],
  戴军: [SEED],
  政治部主任: [SEED, '2021-03-09-a1000001'],
  成渝: [SEED, '2022-01-15-a1000004'],
  刮骨疗毒: [SEED, '2021-03-10-a1000002'],
  害群之馬: [SEED, '2021-03-10-a1000002', '2021-08-20-a1000003', TRADITIONAL],
  教育整頓: [SEED, '2021-03-09-a1000001', '2021-08-20-a1000003', '2022-01-15-a1000004', '2023-04-06-a1000005', TRADITIONAL],
  頑瘴痼疾: [SEED, '2021-03-10-a1000002', '2021-08-20-a1000003', '2023-04-06-a1000005', TRADITIONAL],
  英模: [SEED, '2021-03-09-a1000001', '2021-08-20-a1000003', '2022-01-15-a1000004', '2022-06-30-a1000006'],
  群之马: [SEED, '2021-03-10-a1000002', '2021-08-20-a1000003', TRADITIONAL],
  马: [SEED, '2021-03-10-a1000002', '2021-08-20-a1000003', TRADITIONAL],
  渝: [SEED, '2021-03-10-a1000002', '2022-01-15-a1000004', '2022-06-30-a1000006'],
  '戴军 刮骨疗毒': [SEED],
  '陈立新 英模': ['2022-06-30-a1000006'],
  巩固年: ['2023-04-06-a1000005'],
  量子计算: [],
  害群之羊: [],
};

/** Title and body of every fixture bulletin, folded, by id: the truth the table is checked against. */
async function archiveTexts(dirs: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const dir of dirs) {
    for (const path of await listArticleFiles(dir)) {
      const { frontmatter, body } = splitFrontmatter(await readFile(join(dir, path), 'utf8'));
      const data = parseFrontmatter(frontmatter ?? '') as { title: string; draft?: boolean };
      if (data.draft) continue;
      texts.set(articleIdFromPath(path), foldScript(`${data.title}\n${body}`));
    }
  }
  return texts;
}

describe('search quality over the fixture archive', () => {
  let browser: Browser;
  let server: SiteServer;
  let page: Page;

  beforeAll(async () => {
    server = await serveSite(await buildSiteOrThrow(await makeArchive([CONTENT, FIXTURE_ARCHIVE])));
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(8_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has a table that agrees with what the fixture texts contain', async () => {
    const texts = await archiveTexts([CONTENT, FIXTURE_ARCHIVE]);
    for (const [query, ids] of Object.entries(EXPECTED)) {
      const words = foldScript(query).split(' ');
      const containing = [...texts].filter(([, text]) => words.every((w) => text.includes(w))).map(([id]) => id);
      expect(containing.sort(), query).toEqual([...ids].sort());
    }
  });

  it.each(Object.entries(EXPECTED))('%s finds exactly the bulletins that contain it', async (query, ids) => {
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => {
      const status = document.querySelector('#search-status')?.textContent ?? '';
      return status.startsWith('找到') || status.startsWith('没有');
    });
    while (await page.isVisible('#search-more')) await page.click('#search-more');
    const found = await page.$$eval('#search-results h3 a', (links) =>
      links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.split('/').at(-2) ?? ''),
    );
    expect(found.sort()).toEqual([...ids].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { searchAll, type Pagefind, type PagefindSearch, type SearchOptions } from '../../src/scripts/pagefind-api';
import { shardLanguage } from '../../src/lib/search-shards';
import { indexWords, prepareQuery } from '../../src/lib/search-text';

/** A page of a shard in the stand-in index. */
interface FakePage {
  shard: string;
  text: string;
  score: number;
}

/**
 * A stand-in for Pagefind over several shards that answers every query with all pages (as Pagefind
 * does when it falls back), sorted by score, honouring a `shard` filter; it records what it was asked.
 */
function fakePagefind(pages: FakePage[]) {
  const asked: { term: string | null; options: SearchOptions | undefined }[] = [];
  const pagefind: Pagefind = {
    options: async () => undefined,
    init: async () => undefined,
    mergeIndex: async () => undefined,
    filters: async () => ({}),
    search: async (term, options): Promise<PagefindSearch> => {
      asked.push({ term, options });
      const shards = options?.filters?.['shard']?.any;
      const hits = pages
        .map((page, i) => ({ page, i }))
        .filter(({ page }) => !shards || shards.includes(page.shard))
        .sort((a, b) => b.page.score - a.page.score);
      return {
        results: hits.map(({ page, i }) => ({
          id: `${shardLanguage(page.shard)}_${i}`,
          score: page.score,
          data: async () => ({ url: `/articles/${i}/`, content: indexWords(page.text), meta: { text: page.text } }),
        })),
        unfilteredResultCount: hits.length,
        filters: {},
        totalFilters: {},
      };
    },
  };
  return { pagefind, asked };
}

const SHARDS = ['2022', '2021'];

describe('searchAll', () => {
  it('asks Pagefind once, with every pair, and trusts shards whose hit has them all', async () => {
    const { pagefind, asked } = fakePagefind([
      { shard: '2022', text: '坚决清除害群之马。', score: 2 },
      { shard: '2021', text: '清除害群之马', score: 1 },
    ]);
    const { search } = prepareQuery('害群之马');
    const found = await searchAll(pagefind, search, {}, SHARDS);
    expect(asked.map((a) => a.term)).toEqual([search]);
    expect(found?.results).toHaveLength(2);
  });

  it('searches again without a shard whose hit lacks a pair (Pagefind shortened a word found nowhere in it)', async () => {
    const { pagefind, asked } = fakePagefind([
      { shard: '2022', text: '减存量、控增量', score: 3 },
      { shard: '2021', text: '量子计算的文章', score: 1 },
    ]);
    const found = await searchAll(pagefind, prepareQuery('量子计算').search, { filters: { year: { any: ['2021'] } } }, SHARDS);
    expect(asked).toHaveLength(2);
    expect(asked[1]?.options?.filters).toEqual({ year: { any: ['2021'] }, shard: { any: ['2021'] } });
    expect(found?.results.map((r) => r.id)).toEqual([`${shardLanguage('2021')}_1`]);
  });

  it('answers nothing when no shard has every pair', async () => {
    const { pagefind, asked } = fakePagefind([{ shard: '2021', text: '减存量、控增量', score: 1 }]);
    const found = await searchAll(pagefind, prepareQuery('量子计算').search, {}, SHARDS);
    expect(asked).toHaveLength(1);
    expect(found?.results).toEqual([]);
    expect(found?.unfilteredResultCount).toBe(0);
  });

  it('passes an empty query on as a filter-only search', async () => {
    const { pagefind, asked } = fakePagefind([{ shard: '2021', text: '正文', score: 1 }]);
    await searchAll(pagefind, '', { filters: { year: { any: ['2021'] } } }, SHARDS);
    expect(asked.map((a) => a.term)).toEqual([null]);
  });

  it('sorted by date, puts results in shard order, keeping Pagefind order within a shard', async () => {
    // Sorted by a key, Pagefind scores a page by its rank within its own shard.
    const { pagefind } = fakePagefind([
      { shard: '2021', text: '正文 2021-03', score: 5 },
      { shard: '2022', text: '正文 2022-06', score: 2 },
      { shard: '2021', text: '正文 2021-01', score: 1 },
      { shard: '2022', text: '正文 2022-01', score: 0 },
    ]);
    const newest = await searchAll(pagefind, '', { sort: { date: 'desc' } }, SHARDS);
    const texts = async (found: PagefindSearch | null) =>
      Promise.all((found?.results ?? []).map(async (r) => (await r.data()).meta['text']));
    expect(await texts(newest)).toEqual(['正文 2022-06', '正文 2022-01', '正文 2021-03', '正文 2021-01']);
    const oldest = await searchAll(pagefind, '', { sort: { date: 'asc' } }, SHARDS);
    expect((await texts(oldest))[0]).toBe('正文 2021-03');
  });
});

import { describe, expect, it } from 'vitest';
import { searchAll, ShardedIndex, type Pagefind, type PagefindSearch, type SearchOptions } from '../../src/scripts/pagefind-api';
import { shardLanguage } from '../../src/lib/search-shards';
import { prepareQuery } from '../../src/lib/search-text';

/** A page of a shard in the stand-in index. */
interface FakePage {
  shard: string;
  text: string;
  score: number;
}

/**
 * A stand-in for Pagefind over several shards that answers every query with all pages of the shards
 * loaded (as Pagefind does when it falls back), sorted by score, honouring a `shard` filter; it records
 * what it was asked and which shards were merged (`/pagefind/<shard>/`). All shards are loaded unless
 * `loaded` names the first.
 */
function fakePagefind(pages: FakePage[], loaded?: string) {
  const asked: { term: string | null; options: SearchOptions | undefined }[] = [];
  const merged: string[] = [];
  const pagefind: Pagefind = {
    options: async () => undefined,
    init: async () => undefined,
    mergeIndex: async (path) => {
      merged.push(/\/pagefind\/([^/]+)\/$/.exec(path)?.[1] ?? path);
    },
    filters: async () => ({}),
    search: async (term, options): Promise<PagefindSearch> => {
      asked.push({ term, options });
      const shards = options?.filters?.['shard']?.any;
      const hits = pages
        .map((page, i) => ({ page, i }))
        .filter(({ page }) => loaded === undefined || page.shard === loaded || merged.includes(page.shard))
        .filter(({ page }) => !shards || shards.includes(page.shard))
        .sort((a, b) => b.page.score - a.page.score);
      return {
        results: hits.map(({ page, i }) => ({
          id: `${shardLanguage(page.shard)}_${i}`,
          score: page.score,
          data: async () => ({ url: `/articles/${i}/`, meta: { text: page.text } }),
        })),
        unfilteredResultCount: hits.length,
        filters: {},
        totalFilters: {},
      };
    },
  };
  return { pagefind, asked, merged };
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

describe('ShardedIndex', () => {
  const SHARDS = ['2025', '2024', '2023', '2022', '2021'];
  /** `perShard` pages in each shard, newest first within it, scored by their rank as Pagefind does when sorting. */
  const archive = (perShard: Record<string, number>) =>
    SHARDS.flatMap((shard) =>
      Array.from({ length: perShard[shard] ?? 0 }, (_, i) => ({ shard, text: `清除害群之马 ${shard}-${i}`, score: 100 - i })),
    );
  const newest = { sort: { date: 'desc' } } as const;
  const { search } = prepareQuery('害群之马');

  it('answers newest first from the newest shards alone when they have enough results', async () => {
    const { pagefind, merged } = fakePagefind(archive({ '2025': 3, '2024': 8, '2023': 8, '2022': 8, '2021': 8 }), '2025');
    const index = new ShardedIndex(pagefind, '/pagefind/', '/', SHARDS);
    const first = await index.searchNewest(search, newest, 10);
    expect(merged).toEqual(['2024']);
    expect(first.complete).toBe(false);
    expect(first.found?.results).toHaveLength(11);

    await index.mergeAll();
    expect(merged).toEqual(['2024', '2023', '2022', '2021']);
    const all = await index.searchNewest(search, newest, 10);
    expect(all.complete).toBe(true);
    expect(all.found?.results).toHaveLength(35);
    // The newest results were already right: they are where the full search puts them.
    expect(all.found?.results.slice(0, 11).map((r) => r.id)).toEqual(first.found?.results.map((r) => r.id));
  });

  it('merges twice as many shards each time a narrow search needs more, and says when it has them all', async () => {
    const { pagefind, merged } = fakePagefind(archive({ '2025': 1, '2023': 1, '2021': 1 }), '2025');
    const index = new ShardedIndex(pagefind, '/pagefind/', '/', SHARDS);
    const found = await index.searchNewest(search, newest, 10);
    expect(merged).toEqual(['2024', '2023', '2022', '2021']);
    expect(found.complete).toBe(true);
    const texts = await Promise.all((found.found?.results ?? []).map(async (r) => (await r.data()).meta['text']));
    expect(texts).toEqual(['清除害群之马 2025-0', '清除害群之马 2023-0', '清除害群之马 2021-0']);
  });

  it('counts only the newest shards toward the first results when another search merged older ones', async () => {
    const { pagefind } = fakePagefind(archive({ '2025': 2, '2022': 3, '2021': 20 }), '2025');
    const index = new ShardedIndex(pagefind, '/pagefind/', '/', SHARDS);
    // A reader's earlier search is still merging every shard; 2021 answers first.
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const merge = pagefind.mergeIndex.bind(pagefind);
    pagefind.mergeIndex = async (path, options) => {
      if (!path.includes('2021')) await slow;
      await merge(path, options);
    };
    const everything = index.mergeAll();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const answer = index.searchNewest(search, newest, 10);
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    const found = await answer;
    await everything;
    // 2025's two and 2021's twenty are not sure to come first until 2024–2022 are in: it waited for 2022's three.
    expect(found.found?.results.map((r) => /und-x-(\d+)/.exec(r.id)?.[1])).toEqual([
      ...Array<string>(2).fill('2025'),
      ...Array<string>(3).fill('2022'),
      ...Array<string>(20).fill('2021'),
    ]);
  });

  it('merges each shard once however many searches ask for it', async () => {
    const { pagefind, merged } = fakePagefind(archive({ '2025': 1 }), '2025');
    const index = new ShardedIndex(pagefind, '/pagefind/', '/', SHARDS);
    await Promise.all([index.searchNewest(search, newest, 10), index.mergeAll(), index.mergeNewest(3)]);
    expect(merged.sort()).toEqual(['2021', '2022', '2023', '2024']);
    expect(index.complete).toBe(true);
  });
});

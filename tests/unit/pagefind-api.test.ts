import { describe, expect, it } from 'vitest';
import { searchAll, type Pagefind, type PagefindSearch } from '../../src/scripts/pagefind-api';
import { prepareQuery, tokenizeForIndex } from '../../src/lib/search-text';

/** A stand-in for Pagefind that answers every query with pages of the given texts, and records the queries. */
function fakePagefind(texts: string[]) {
  const asked: (string | null)[] = [];
  const pagefind: Pagefind = {
    options: async () => undefined,
    init: async () => undefined,
    filters: async () => ({}),
    search: async (term): Promise<PagefindSearch> => {
      asked.push(term);
      return {
        results: texts.map((text, i) => ({
          id: String(i),
          data: async () => ({ url: `/articles/${i}/`, content: tokenizeForIndex(text), meta: {} }),
        })),
        unfilteredResultCount: texts.length,
        filters: {},
        totalFilters: {},
      };
    },
  };
  return { pagefind, asked };
}

describe('searchAll', () => {
  it('asks Pagefind once, with every pair, and trusts a best hit that has them all', async () => {
    const { pagefind, asked } = fakePagefind(['坚决清除害群之马。', '别的文字']);
    const { search } = prepareQuery('害群之马');
    const found = await searchAll(pagefind, search, {});
    expect(asked).toEqual([search]);
    expect(found?.results).toHaveLength(2);
  });

  it('answers nothing when the best hit lacks a pair: Pagefind dropped or shortened a word found nowhere', async () => {
    const { pagefind } = fakePagefind(['减存量、控增量']);
    const found = await searchAll(pagefind, prepareQuery('量子计算').search, {});
    expect(found?.results).toEqual([]);
    expect(found?.unfilteredResultCount).toBe(0);
  });

  it('passes an empty query on as a filter-only search', async () => {
    const { pagefind, asked } = fakePagefind(['正文']);
    await searchAll(pagefind, '', { filters: { year: { any: ['2021'] } } });
    expect(asked).toEqual([null]);
  });
});

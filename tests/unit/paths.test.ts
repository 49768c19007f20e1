import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/content';
import { articleKey, cacheKeyOf, PAGE_SIZE, pagedPaths } from '../../src/paths';
import { makeArticle } from '../helpers/articles';

/** Test articles: the fields listing pages show are all the key may depend on here. */
const article = (overrides: Parameters<typeof makeArticle>[0] = {}) => makeArticle(overrides) as Article;
const copy = (a: Article): Article => structuredClone(a);

describe('cache keys of pages', () => {
  // A front page of 23 and three older pages of 20, newest first.
  const articles = Array.from({ length: PAGE_SIZE * 4 + 3 }, (_, i) => article({ id: `p${i}`, title: `标题${i}` }));

  it('are the same for the same data, in other objects', () => {
    const keys = pagedPaths(articles, { court: '甲' }, { court: '甲' }).map((p) => p.cacheKey);
    expect(new Set(keys).size).toBe(4);
    expect(pagedPaths(articles.map(copy), { court: '甲' }, { court: '甲' }).map((p) => p.cacheKey)).toEqual(keys);
    expect(articleKey(copy(articles[0]!))).toBe(articleKey(articles[0]!));
  });

  it('change for the page showing a changed article, and only for it', () => {
    const before = pagedPaths(articles, {}, {}).map((p) => p.cacheKey);
    const changed = articles.map((a, i) => (i === PAGE_SIZE + 10 ? { ...a, speaker: { ...a.speaker, name: '另一人' } } : a));
    const after = pagedPaths(changed, {}, {}).map((p) => p.cacheKey);
    expect(after.map((key, i) => key !== before[i])).toEqual([false, true, false, false]);
  });

  it('change with the extra props on every page, and with a newer article or the front-page props on the front page alone', () => {
    const base = pagedPaths(articles, {}, { court: '甲' }, { count: 83 }).map((p) => p.cacheKey);
    expect(pagedPaths(articles, {}, { court: '乙' }, { count: 83 }).map((p) => p.cacheKey).some((k, i) => k === base[i])).toBe(false);
    const onFront = pagedPaths(articles, {}, { court: '甲' }, { count: 84 });
    expect(onFront.map((p, i) => p.cacheKey !== base[i])).toEqual([true, false, false, false]);
    expect(onFront.map((p) => 'count' in p.props)).toEqual([true, false, false, false]);
    // One more article, newer than all: the older pages keep their items, numbers and keys.
    const grown = pagedPaths([article({ id: 'new' }), ...articles], {}, { court: '甲' }, { count: 84 });
    expect(grown.map((p, i) => p.cacheKey !== base[i])).toEqual([true, false, false, false]);
    // One fewer at the oldest end: every older page shifts.
    const shrunk = pagedPaths(articles.slice(0, -1), {}, { court: '甲' }, { count: 83 });
    expect(shrunk.map((p) => p.cacheKey).some((k, i) => k === base[i])).toBe(false);
  });

  it('name each article by a digest of all its data, made once per article', () => {
    // Two listings of the same 43 articles (two pages): each article digested once, then each page's key made.
    const stringify = vi.spyOn(JSON, 'stringify');
    const shared = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) => article({ id: `s${i}` }));
    pagedPaths(shared, {}, {});
    pagedPaths(shared, { court: '甲' }, { court: '甲' });
    expect(stringify).toHaveBeenCalledTimes(shared.length + 2 + 2);
    stringify.mockRestore();

    const a = article({ summary: '一' });
    expect(articleKey(a)).toBe(articleKey(a));
    expect(articleKey(a)).toBe(cacheKeyOf(a));
    expect(articleKey({ ...a, summary: '二' })).not.toBe(articleKey(a));
    expect(articleKey({ ...a, people: [{ name: '某人' }] } as Article)).not.toBe(articleKey(a));
  });
});

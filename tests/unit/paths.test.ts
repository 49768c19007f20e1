import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/content';
import { articleKey, cacheKeyOf, PAGE_SIZE, pagedPaths } from '../../src/paths';
import { makeArticle } from '../helpers/articles';

/** Test articles: the fields listing pages show are all the key may depend on here. */
const article = (overrides: Parameters<typeof makeArticle>[0] = {}) => makeArticle(overrides) as Article;
const copy = (a: Article): Article => structuredClone(a);

describe('cache keys of pages', () => {
  const articles = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) => article({ id: `p${i}`, title: `标题${i}` }));

  it('are the same for the same data, in other objects', () => {
    const keys = pagedPaths(articles, { court: '甲' }, { court: '甲' }).map((p) => p.cacheKey);
    expect(new Set(keys).size).toBe(3);
    expect(pagedPaths(articles.map(copy), { court: '甲' }, { court: '甲' }).map((p) => p.cacheKey)).toEqual(keys);
    expect(articleKey(copy(articles[0]!))).toBe(articleKey(articles[0]!));
  });

  it('change for the page showing a changed article, and only for it', () => {
    const before = pagedPaths(articles, {}, {}).map((p) => p.cacheKey);
    const changed = articles.map((a, i) => (i === PAGE_SIZE + 1 ? { ...a, speaker: { ...a.speaker, name: '另一人' } } : a));
    const after = pagedPaths(changed, {}, {}).map((p) => p.cacheKey);
    expect(after.map((key, i) => key !== before[i])).toEqual([false, true, false]);
  });

  it('change when the listing grows, with its extra props, and with page numbers and counts', () => {
    const base = pagedPaths(articles, {}, { court: '甲' }).map((p) => p.cacheKey);
    expect(pagedPaths(articles, {}, { court: '乙' }).map((p) => p.cacheKey).some((k, i) => k === base[i])).toBe(false);
    // One more article: every page shifts, and even the pages whose items stay the same show a new total.
    const grown = pagedPaths([article({ id: 'new' }), ...articles.slice(0, -1)], {}, { court: '甲' });
    expect(grown.map((p) => p.cacheKey).some((k, i) => k === base[i])).toBe(false);
    const sameItems = pagedPaths(articles.slice(0, PAGE_SIZE), {}, { court: '甲' });
    expect(sameItems[0]?.cacheKey).not.toBe(base[0]);
  });

  it('name each article by a digest of all its data, made once per article', () => {
    // Two listings of the same 43 articles: each article digested once, then each page's key made.
    const stringify = vi.spyOn(JSON, 'stringify');
    const shared = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) => article({ id: `s${i}` }));
    pagedPaths(shared, {}, {});
    pagedPaths(shared, { court: '甲' }, { court: '甲' });
    expect(stringify).toHaveBeenCalledTimes(shared.length + 3 + 3);
    stringify.mockRestore();

    const a = article({ summary: '一' });
    expect(articleKey(a)).toBe(articleKey(a));
    expect(articleKey(a)).toBe(cacheKeyOf(a));
    expect(articleKey({ ...a, summary: '二' })).not.toBe(articleKey(a));
    expect(articleKey({ ...a, people: [{ name: '某人' }] } as Article)).not.toBe(articleKey(a));
  });
});

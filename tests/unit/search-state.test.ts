import { describe, expect, it } from 'vitest';
import { hasFilters, pagefindFilters, parseSearchState, searchStateToParams } from '../../src/lib/search-state';

describe('search state in the URL', () => {
  it('reads query, sort and repeated filters', () => {
    const state = parseSearchState(new URLSearchParams('q=%20害群之马%20&sort=relevance&court=甲法院&task=筑牢政治忠诚&task=清除害群之马&task='));
    expect(state).toEqual({
      query: '害群之马',
      sort: 'relevance',
      filters: { court: ['甲法院'], year: [], task: ['筑牢政治忠诚', '清除害群之马'], stage: [], person: [] },
    });
    expect(hasFilters(state)).toBe(true);
    expect(pagefindFilters(state)).toEqual({ court: { any: ['甲法院'] }, task: { any: ['筑牢政治忠诚', '清除害群之马'] } });
  });

  it('defaults to newest first, no query and no filters', () => {
    const state = parseSearchState(new URLSearchParams('sort=other'));
    expect(state.sort).toBe('date');
    expect(state.query).toBe('');
    expect(hasFilters(state)).toBe(false);
    expect(searchStateToParams(state).toString()).toBe('');
  });

  it('round-trips through the query string', () => {
    const params = 'q=%E6%88%90%E6%B8%9D&sort=relevance&year=2021&person=%E6%88%B4%E5%86%9B';
    expect(searchStateToParams(parseSearchState(new URLSearchParams(params))).toString()).toBe(params);
  });
});

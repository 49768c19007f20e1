import { describe, expect, it } from 'vitest';
import {
  compareOldestFirst,
  groupByCourt,
  groupByPerson,
  groupByStage,
  groupByTask,
  groupByYearAndMonth,
  monthlyCounts,
  neighbours,
  paginate,
  sortNewestFirst,
} from '../../src/lib/archive';
import { makeArticle } from '../helpers/articles';

describe('sorting', () => {
  it('puts the newest first and breaks same-day ties by id, stably', () => {
    const a = makeArticle({ id: 'b', date: '2021-03-05' });
    const b = makeArticle({ id: 'a', date: '2021-03-05' });
    const c = makeArticle({ id: 'c', date: '2022-01-01' });
    const d = makeArticle({ id: 'd', date: '2020-12-31' });
    expect(sortNewestFirst([a, b, c, d]).map((x) => x.id)).toEqual(['c', 'b', 'a', 'd']);
    expect([a, b, c, d].sort(compareOldestFirst).map((x) => x.id)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('does not change the input array', () => {
    const list = [makeArticle({ date: '2020-01-01' }), makeArticle({ date: '2021-01-01' })];
    const before = [...list];
    sortNewestFirst(list);
    expect(list).toEqual(before);
  });
});

describe('grouping', () => {
  const articles = sortNewestFirst([
    makeArticle({ id: 'x1', date: '2021-03-05', court: '甲市高级人民法院', tasks: ['筑牢政治忠诚', '清除害群之马'], stages: ['学习教育'] }),
    makeArticle({ id: 'x2', date: '2021-03-20', court: '乙市中级人民法院', tasks: ['清除害群之马'] }),
    makeArticle({ id: 'x3', date: '2021-08-01', court: '乙市中级人民法院', stages: ['总结提升'] }),
    makeArticle({ id: 'x4', date: '2022-01-15', court: '乙市中级人民法院' }),
  ]);

  it('groups by court, the court with most articles first, newest first inside', () => {
    const courts = groupByCourt(articles);
    expect(courts.map((c) => [c.key, c.articles.map((a) => a.id)])).toEqual([
      ['乙市中级人民法院', ['x4', 'x3', 'x2']],
      ['甲市高级人民法院', ['x1']],
    ]);
  });

  it('groups by task and stage in canonical order, listing empty ones too', () => {
    expect(groupByTask(articles).map((g) => [g.key, g.articles.length])).toEqual([
      ['筑牢政治忠诚', 1],
      ['清除害群之马', 2],
      ['整治顽瘴痼疾', 0],
      ['弘扬英模精神', 0],
    ]);
    expect(groupByStage(articles).map((g) => [g.key, g.articles.map((a) => a.id)])).toEqual([
      ['学习教育', ['x1']],
      ['查纠整改', []],
      ['总结提升', ['x3']],
    ]);
  });

  it('groups by year and month, newest first', () => {
    const years = groupByYearAndMonth(articles);
    expect(years.map((y) => [y.year, y.months.map((m) => [m.month, m.articles.map((a) => a.id)])])).toEqual([
      [2022, [[1, ['x4']]]],
      [2021, [[8, ['x3']], [3, ['x2', 'x1']]]],
    ]);
  });

  it('groups people by every role they are named in, counting each role', () => {
    const people = groupByPerson([
      makeArticle({ id: 'p1', speaker: { name: '戴军', onBehalfOf: { name: '李永利' } }, host: { name: '阳东辰' } }),
      makeArticle({ id: 'p2', speaker: { name: '李永利' } }),
      makeArticle({ id: 'p3', speaker: { name: '阳东辰' }, host: { name: '阳东辰' } }),
    ]);
    const byName = Object.fromEntries(people.map((p) => [p.key, { ids: p.articles.map((a) => a.id), roles: p.roles }]));
    expect(byName['李永利']).toEqual({ ids: ['p1', 'p2'], roles: { speaker: 1, host: 0, onBehalfOf: 1 } });
    expect(byName['阳东辰']).toEqual({ ids: ['p1', 'p3'], roles: { speaker: 1, host: 2, onBehalfOf: 0 } });
    expect(byName['戴军']).toEqual({ ids: ['p1'], roles: { speaker: 1, host: 0, onBehalfOf: 0 } });
  });
});

describe('neighbours', () => {
  it('gives the previous and next article in time, none at the ends', () => {
    const list = [makeArticle({ id: 'n1' }), makeArticle({ id: 'n2' }), makeArticle({ id: 'n3' })];
    expect(neighbours(list, 1)).toEqual({ previous: list[0], next: list[2] });
    expect(neighbours(list, 0)).toEqual({ previous: undefined, next: list[1] });
    expect(neighbours(list, 2)).toEqual({ previous: list[1], next: undefined });
  });
});

describe('paginate', () => {
  it('splits into pages of the given size, numbered from 1', () => {
    const pages = paginate(Array.from({ length: 45 }, (_, i) => i), 20);
    expect(pages.map((p) => [p.number, p.count, p.items.length, p.total])).toEqual([
      [1, 3, 20, 45],
      [2, 3, 20, 45],
      [3, 3, 5, 45],
    ]);
    expect(pages[2]?.items[0]).toBe(40);
  });

  it('gives one empty page for an empty list, and refuses a bad size', () => {
    expect(paginate([], 20)).toEqual([{ number: 1, count: 1, items: [], total: 0 }]);
    expect(() => paginate([1], 0)).toThrow(/positive integer/);
  });
});

describe('monthlyCounts', () => {
  it('counts every month in the span, including empty months and year changes', () => {
    const counts = monthlyCounts([
      makeArticle({ date: '2021-11-05' }),
      makeArticle({ date: '2022-02-01' }),
      makeArticle({ date: '2021-11-30' }),
    ]);
    expect(counts).toEqual([
      { year: 2021, month: 11, count: 2 },
      { year: 2021, month: 12, count: 0 },
      { year: 2022, month: 1, count: 0 },
      { year: 2022, month: 2, count: 1 },
    ]);
    expect(monthlyCounts([])).toEqual([]);
  });
});

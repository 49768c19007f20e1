import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  compareOldestFirst,
  FRONT_PAGE,
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
  /** Items numbered from the oldest (1) to the newest (`n`), newest first, as listings hold them. */
  const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);

  it('puts the newest items on the front page and numbers older pages of the given size from the oldest', () => {
    const pages = paginate(newestFirst(105), 20);
    expect(pages.map((p) => [p.number, p.items.length, p.items[0], p.items.at(-1), p.total])).toEqual([
      [FRONT_PAGE, 25, 105, 81, 105],
      [4, 20, 80, 61, undefined],
      [3, 20, 60, 41, undefined],
      [2, 20, 40, 21, undefined],
      [1, 20, 20, 1, undefined],
    ]);
    expect(pages.map((p) => [p.newer, p.older])).toEqual([
      [undefined, 4],
      [FRONT_PAGE, 3],
      [4, 2],
      [3, 1],
      [2, undefined],
    ]);
    expect(pages.map((p) => p.shown)).toEqual([
      [FRONT_PAGE, 4, 3, 2, 1],
      [FRONT_PAGE, 4, 3, 2, 1],
      [FRONT_PAGE, 4, 3, 2, 1],
      [FRONT_PAGE, 4, 3, 2, 1],
      [FRONT_PAGE, null, 3, 2, 1],
    ]);
    const many = paginate(newestFirst(400), 20);
    expect(many.find((p) => p.number === 9)?.shown).toEqual([FRONT_PAGE, null, 11, 10, 9, 8, 7, null, 1]);
    // A gap of one page shows that page instead, on the oldest side.
    expect(many.find((p) => p.number === 5)?.shown).toEqual([FRONT_PAGE, null, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('keeps 20 to 39 items on the front page, or all when fewer, and every item once', () => {
    for (let n = 0; n <= 130; n += 1) {
      const pages = paginate(newestFirst(n), 20);
      const front = pages[0]!;
      expect(front.items.length).toBe(n < 20 ? n : 20 + (n % 20));
      expect(pages.flatMap((p) => p.items)).toEqual(newestFirst(n));
      expect(pages.map((p) => p.number)).toEqual([FRONT_PAGE, ...Array.from({ length: pages.length - 1 }, (_, i) => pages.length - 1 - i)]);
    }
  });

  it('leaves every older page as it was when a newer item is added, but for the three newest when a page is added', () => {
    for (let n = 0; n <= 130; n += 1) {
      const before = paginate(newestFirst(n), 20);
      const after = paginate(newestFirst(n + 1), 20);
      const older = before.slice(1);
      // Every older page keeps its number and its items.
      for (const page of older) expect(after.find((p) => p.number === page.number)?.items, `n = ${n}`).toEqual(page.items);
      const changed = older.filter((page) => !isDeepStrictEqual(after.find((p) => p.number === page.number), page));
      if (after.length === before.length) expect(changed, `n = ${n}`).toEqual([]);
      // Once in 20, when the front page hands on a page: the navigation of the three newest older pages.
      expect(changed.every((page) => page.number >= before.length - 3)).toBe(true);
    }
  });

  it('gives one front page without navigation for a short or empty list, and refuses a bad size', () => {
    expect(paginate([], 20)).toEqual([{ number: FRONT_PAGE, items: [], total: 0, shown: [] }]);
    expect(paginate(newestFirst(39), 20)).toEqual([{ number: FRONT_PAGE, items: newestFirst(39), total: 39, shown: [] }]);
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

import { describe, expect, it } from 'vitest';
import { compareOldestFirst, type ArticleSummary } from '../../src/lib/archive';
import { relatedArticles, relatedness } from '../../src/lib/related';
import { STAGES, TASKS, type Stage, type Task } from '../../src/schema/campaign';
import { makeArticle } from '../helpers/articles';

/**
 * What relatedArticles must give, computed the plain way: every candidate within `window` places in time
 * or among the same court's articles, scored by counting shared traits, all sorted, the first `limit`.
 */
function plainRelated(articles: readonly ArticleSummary[], limit: number, window: number): Map<string, string[]> {
  const oldestFirst = [...articles].sort(compareOldestFirst);
  const day = (a: ArticleSummary) => Date.parse(`${a.date}T00:00:00Z`) / 86_400_000;
  const near = (list: ArticleSummary[], a: ArticleSummary) => {
    const at = list.indexOf(a);
    return list.filter((_, i) => Math.abs(i - at) <= window);
  };
  return new Map(
    oldestFirst.map((a) => {
      const sameCourt = oldestFirst.filter((b) => b.court === a.court);
      const candidates = new Set([...near(oldestFirst, a), ...near(sameCourt, a)]);
      candidates.delete(a);
      const score = (b: ArticleSummary) =>
        (a.court === b.court ? 2 : 0) + a.tasks.filter((t) => b.tasks.includes(t)).length + a.stages.filter((s) => b.stages.includes(s)).length;
      const ranked = [...candidates]
        .filter((b) => score(b) > 0)
        .sort((x, y) => score(y) - score(x) || Math.abs(day(x) - day(a)) - Math.abs(day(y) - day(a)) || compareOldestFirst(y, x));
      return [a.id, ranked.slice(0, limit).map((b) => b.id)];
    }),
  );
}

describe('related articles', () => {
  it('scores the same court above one shared task, and shares nothing with 0', () => {
    const base = makeArticle({ court: '甲法院', tasks: ['筑牢政治忠诚'], stages: ['学习教育'] });
    expect(relatedness(base, makeArticle({ court: '甲法院' }))).toBe(2);
    expect(relatedness(base, makeArticle({ court: '乙法院', tasks: ['筑牢政治忠诚'] }))).toBe(1);
    expect(relatedness(base, makeArticle({ court: '乙法院', tasks: ['筑牢政治忠诚'], stages: ['学习教育'] }))).toBe(2);
    expect(relatedness(base, makeArticle({ court: '乙法院' }))).toBe(0);
  });

  it('returns at most the limit, best first, then nearest in time, never itself or unrelated ones', () => {
    const target = makeArticle({ id: 't', date: '2021-06-01', court: '甲法院', tasks: ['清除害群之马'] });
    const sameCourtFar = makeArticle({ id: 'far', date: '2020-01-01', court: '甲法院', tasks: ['清除害群之马'] });
    const sameCourtNear = makeArticle({ id: 'near', date: '2021-06-02', court: '甲法院', tasks: ['清除害群之马'] });
    const taskOnly = makeArticle({ id: 'task', date: '2021-06-01', court: '乙法院', tasks: ['清除害群之马'] });
    const unrelated = makeArticle({ id: 'none', date: '2021-06-01', court: '丙法院' });
    const related = relatedArticles([target, sameCourtFar, sameCourtNear, taskOnly, unrelated], 5);
    expect(related.get('t')?.map((a) => a.id)).toEqual(['near', 'far', 'task']);
    expect(relatedArticles([target, sameCourtFar, sameCourtNear, taskOnly], 2).get('t')?.map((a) => a.id)).toEqual([
      'near',
      'far',
    ]);
    expect(related.get('none')).toEqual([]);
  });

  it('puts the newer first of two equally related articles equally far in time', () => {
    const before = makeArticle({ id: 'before', date: '2021-05-31', court: '甲法院' });
    const target = makeArticle({ id: 't', date: '2021-06-01', court: '甲法院' });
    const after = makeArticle({ id: 'after', date: '2021-06-02', court: '甲法院' });
    const sameDay = [makeArticle({ id: 'x', date: '2021-06-02', court: '甲法院' }), after];
    expect(relatedArticles([before, target, after]).get('t')?.map((a) => a.id)).toEqual(['after', 'before']);
    expect(relatedArticles([before, target, ...sameDay]).get('t')?.map((a) => a.id)).toEqual(['x', 'after', 'before']);
  });

  it('gives what the plain computation gives, on random archives', () => {
    // Park–Miller: every product stays below 2^53, so the sequence is exact.
    let seed = 20_211_128;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const subset = <T>(values: readonly T[]) => values.filter(() => random() < 0.4);
    for (let run = 0; run < 30; run += 1) {
      const articles = Array.from({ length: 5 + Math.floor(random() * 60) }, () =>
        makeArticle({
          date: `2021-0${1 + Math.floor(random() * 3)}-1${Math.floor(random() * 4)}`,
          court: `法院${Math.floor(random() * 4)}`,
          tasks: subset(TASKS),
          stages: subset(STAGES),
        }),
      );
      const limit = 1 + Math.floor(random() * 6);
      const window = 1 + Math.floor(random() * 4);
      const expected = plainRelated(articles, limit, window);
      const actual = relatedArticles(articles, limit, window);
      expect(new Map([...actual].map(([id, list]) => [id, list.map((a) => a.id)]))).toEqual(expected);
    }
  });

  it('refuses a task or stage the campaign does not have', () => {
    expect(() => relatedness(makeArticle({ tasks: ['清除害群' as Task] }), makeArticle())).toThrow(/not one of/);
    expect(() => relatedness(makeArticle(), makeArticle({ stages: ['学习' as Stage] }))).toThrow(/not one of/);
  });

  it('finds same-court articles beyond the time window of the whole archive', () => {
    const courtArticle = makeArticle({ id: 'old', date: '2020-01-01', court: '甲法院' });
    const filler = Array.from({ length: 30 }, (_, i) =>
      makeArticle({ id: `f${i}`, date: `2021-01-${String(i + 1).padStart(2, '0')}`, court: '乙法院' }),
    );
    const target = makeArticle({ id: 'new', date: '2022-01-01', court: '甲法院' });
    const related = relatedArticles([courtArticle, ...filler, target], 5, 3);
    expect(related.get('new')?.map((a) => a.id)).toEqual(['old']);
  });
});

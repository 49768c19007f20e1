import { describe, expect, it } from 'vitest';
import { relatedArticles, relatedness } from '../../src/lib/related';
import { makeArticle } from '../helpers/articles';

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

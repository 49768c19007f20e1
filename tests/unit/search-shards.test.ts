import { describe, expect, it } from 'vitest';
import { planShards, shardLanguage, shardOfResult } from '../../src/lib/search-shards';

/** `n` articles dated in `year`, with ids that sort by day. */
function articlesOf(year: number, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const date = `${year}-${String(1 + Math.floor(i / 28) % 12).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    return { id: `${date}-${String(i).padStart(8, '0')}`, date };
  });
}

describe('search index shards', () => {
  it('puts each year in its own shard, newest year first, ids oldest first', () => {
    const articles = [...articlesOf(2021, 3), ...articlesOf(2023, 2), ...articlesOf(2022, 1)].reverse();
    const shards = planShards(articles, 10);
    expect(shards.map((s) => s.name)).toEqual(['2023', '2022', '2021']);
    expect(shards[2]?.ids).toEqual(articlesOf(2021, 3).map((a) => a.id));
  });

  it('cuts a large year every `size` bulletins, so adding the newest one changes only the last part', () => {
    const year = articlesOf(2021, 25);
    const before = planShards(year, 10);
    expect(before.map((s) => [s.name, s.ids.length])).toEqual([['2021-3', 5], ['2021-2', 10], ['2021', 10]]);
    const after = planShards([...year, { id: '2021-12-31-ffffffff', date: '2021-12-31' }], 10);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(after[0]?.ids).toEqual([...(before[0]?.ids ?? []), '2021-12-31-ffffffff']);
  });

  it('gives every bulletin exactly one shard', () => {
    const articles = [...articlesOf(2021, 2500), ...articlesOf(2022, 10)];
    const ids = planShards(articles).flatMap((s) => s.ids);
    expect(ids).toHaveLength(articles.length);
    expect(new Set(ids)).toEqual(new Set(articles.map((a) => a.id)));
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => planShards([], 0)).toThrow(/positive whole number, got 0/);
  });

  it('names each shard by a language code that result ids begin with', () => {
    expect(shardLanguage('2021-2')).toBe('und-x-2021-2');
    expect(shardOfResult('und-x-2021-2_3c63b3c')).toBe('2021-2');
    expect(shardOfResult('und-x-2023_0a1b2c3')).toBe('2023');
    expect(shardOfResult('und_65fa779')).toBeUndefined();
    expect(shardOfResult('und-x-_65fa779')).toBeUndefined();
  });
});

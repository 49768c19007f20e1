import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/lib/article-files';
import { checkArticles } from '../../src/lib/content-checks';
import { chinaToday } from '../../src/lib/dates';
import { FIXTURE_ARCHIVE } from '../helpers/paths';

const BROKEN = new URL('../fixtures/broken/', import.meta.url).pathname;

describe('content checks', () => {
  it('finds nothing wrong in the fixture archive', async () => {
    const { articles, problems } = await readArchive(FIXTURE_ARCHIVE);
    expect([...problems, ...checkArticles(articles, '2026-11-26')]).toEqual([]);
  });

  it('catches every kind of broken article at once, naming file, field and what was expected', async () => {
    const { articles, problems } = await readArchive(BROKEN);
    const all = [...problems, ...checkArticles(articles, '2026-11-26')].map((p) => ({
      ...p,
      file: p.file.slice(BROKEN.length),
    }));
    expect(all).toEqual(
      expect.arrayContaining([
        { file: '2021/2021-03-05-b0000005.md', field: 'tasks[0]', message: expect.stringContaining('清楚害群之马') },
        { file: '2021/b/2021-03-05-b0000001.md', field: '(id)', message: expect.stringContaining('2021/a/2021-03-05-b0000001.md') },
        { file: '2021/2021-03-05-b0000003.md', field: '(body)', message: expect.stringMatching(/<script> at line 14/) },
        { file: '2021/2021-03-05-b0000003.md', field: '(body)', message: expect.stringMatching(/event-handler attribute .* at line 16/) },
        { file: '2021/a/2021-03-05-b0000001.md', field: 'title', message: expect.stringContaining('not used twice on 2021-03-05') },
        { file: '2099/2099-01-01-b0000004.md', field: 'date', message: 'expected a date not after today (2026-11-26), got 2099-01-01' },
      ]),
    );
    expect(all).toHaveLength(6);
  });

  it('takes today in China time, a day ahead of UTC in the evening', () => {
    expect(chinaToday(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(chinaToday(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });
});

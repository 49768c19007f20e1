import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter, splitFrontmatter } from '../../src/lib/article-files';
import { articleSchema, type ArticleFrontmatter } from '../../src/schema/article';
import { validateArticle } from '../../src/schema/validate';
import { SEED_GROUND_TRUTH } from '../helpers/ground-truth';
import { SEED_ARTICLE } from '../helpers/paths';

/** A valid frontmatter to break one field at a time. */
const valid: ArticleFrontmatter = {
  title: '标题',
  date: '2021-03-05',
  court: '重庆市高级人民法院',
  speaker: { name: '戴军', title: '院党组副书记' },
  tasks: ['筑牢政治忠诚'],
  stages: ['学习教育'],
  originalTitle: '原标题',
  summary: '摘要。',
};

/** The problems for `frontmatter` as read from a file named `bad.md`. */
function problems(frontmatter: unknown) {
  const result = validateArticle('content/2021/bad.md', frontmatter);
  if (result.ok) throw new Error('expected validation to fail');
  return result.problems;
}

describe('article schema', () => {
  it('accepts the seed bulletin, equal to the ground truth', async () => {
    const { frontmatter } = splitFrontmatter(await readFile(SEED_ARTICLE, 'utf8'));
    const data = articleSchema.parse(parseFrontmatter(frontmatter ?? ''));
    expect(data).toMatchObject(SEED_GROUND_TRUTH);
    expect(data.draft).toBe(false);
  });

  it('accepts a YAML date object at UTC midnight as that calendar day', () => {
    const data = articleSchema.parse({ ...valid, date: new Date(Date.UTC(2021, 2, 5)) });
    expect(data.date).toBe('2021-03-05');
  });

  it('keeps tasks and stages in canonical order, without duplicates', () => {
    const data = articleSchema.parse({
      ...valid,
      tasks: ['弘扬英模精神', '筑牢政治忠诚', '弘扬英模精神'],
      stages: ['总结提升', '学习教育'],
    });
    expect(data.tasks).toEqual(['筑牢政治忠诚', '弘扬英模精神']);
    expect(data.stages).toEqual(['学习教育', '总结提升']);
  });

  it('fills defaults for tags and draft, and dedupes tags', () => {
    expect(articleSchema.parse(valid)).toMatchObject({ tags: [], draft: false });
    expect(articleSchema.parse({ ...valid, tags: ['a', 'a', 'b'] }).tags).toEqual(['a', 'b']);
  });

  it.each([
    ['a misspelled task', { tasks: ['清楚害群之马'] }, 'tasks[0]', /canonical task.*清楚害群之马/],
    ['a non-canonical task wording', { tasks: ['筑牢政治忠诚', '弘扬劳模精神'] }, 'tasks[1]', /弘扬劳模精神/],
    ['a misspelled stage', { stages: ['查究整改'] }, 'stages[0]', /canonical stage/],
    ['an impossible date', { date: '2021-02-30' }, 'date', /real calendar date.*2021-02-30/],
    ['a date in another form', { date: '2021年3月5日' }, 'date', /YYYY-MM-DD/],
    ['a date with a time of day', { date: new Date('2021-03-05T10:00:00Z') }, 'date', /time of day/],
    ['a short court name', { court: '重庆市高法院' }, 'court', /full official name/],
    ['我院 as the court', { court: '我院' }, 'court', /full official name/],
    ['an empty title', { title: '  ' }, 'title', /non-empty/],
    ['a missing speaker', { speaker: undefined }, 'speaker', /required/],
    ['a speaker without title', { speaker: { name: '戴军' } }, 'speaker.title', /required/],
    ['a bad on-behalf-of', { speaker: { name: '戴军', title: '副书记', onBehalfOf: { name: '李永利' } } }, 'speaker.onBehalfOf.title', /required/],
    ['an unknown meeting format', { meeting: { name: '会议', format: '线上' } }, 'meeting.format', /视频 \| 现场/],
    ['a source URL that is not http', { source: { name: '网', url: 'javascript:alert(1)' } }, 'source.url', /http/],
    ['a summary too long', { summary: '长'.repeat(201) }, 'summary', /at most 200/],
    ['a draft flag that is not boolean', { draft: 'yes' }, 'draft', /true or false/],
  ])('rejects %s, naming the file and the field', (_, change, field, message) => {
    const found = problems({ ...valid, ...change });
    expect(found).toContainEqual({ file: 'content/2021/bad.md', field, message: expect.stringMatching(message) });
  });

  it('rejects unknown keys, naming each one', () => {
    const found = problems({ ...valid, tittle: 'x', speaker: { ...valid.speaker, rank: 1 } });
    expect(found.map((p) => p.field).sort()).toEqual(['speaker.rank', 'tittle']);
    expect(found[0]?.message).toMatch(/unknown field/);
  });

  it('reports every problem at once, not just the first', () => {
    const found = problems({ ...valid, date: '2021-13-01', tasks: ['x'], court: '中院' });
    expect(found.map((p) => p.field).sort()).toEqual(['court', 'date', 'tasks[0]']);
  });
});

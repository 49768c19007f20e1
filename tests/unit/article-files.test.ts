import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleIdFromPath, listArticleFiles, readArchive, splitFrontmatter } from '../../src/lib/article-files';
import { resolveContentDir } from '../../src/lib/content-dir';
import { articleId } from '../../src/lib/ids';
import { FIXTURE_ARCHIVE } from '../helpers/paths';

const article = (fields: string) => `---\n${fields}\n---\n\n正文。\n`;
const validFields = [
  'title: 标题',
  'date: 2021-03-05',
  'court: 重庆市高级人民法院',
  'speaker: { name: 戴军, title: 院党组副书记 }',
  'tasks: []',
  'stages: []',
  'originalTitle: 原标题',
  'summary: 摘要',
].join('\n');

async function tempArchive(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'archive-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('article files', () => {
  it('finds .md and .mdx articles at any depth, skipping _ and dot files', async () => {
    const dir = await tempArchive({
      'a.md': 'x',
      '2021/03/deep/b.mdx': 'x',
      '2021/_draft-notes.md': 'x',
      '.hidden/c.md': 'x',
      '2021/photo.png': 'x',
    });
    expect(await listArticleFiles(dir)).toEqual(['2021/03/deep/b.mdx', 'a.md']);
  });

  it('reads the whole fixture archive without problems', async () => {
    const { articles, problems } = await readArchive(FIXTURE_ARCHIVE);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.id)).toContain('2022-06-30-a1000006');
    expect(articles.length).toBe(8);
  });

  it('refuses an impossible unquoted date instead of rolling it over', async () => {
    const dir = await tempArchive({ '2021/x.md': article(validFields.replace('2021-03-05', '2021-02-30')) });
    const { problems } = await readArchive(dir);
    expect(problems).toEqual([
      { file: join(dir, '2021/x.md'), field: 'date', message: expect.stringContaining('2021-02-30') },
    ]);
  });

  it('reports every bad file, missing frontmatter, broken YAML and duplicate ids, and keeps the good ones', async () => {
    const dir = await tempArchive({
      'good.md': article(validFields),
      '2021/good.md': article(validFields),
      'none.md': '正文，没有元数据。',
      'yaml.md': article('title: [unclosed'),
      'task.md': article(validFields.replace('tasks: []', 'tasks: [清楚害群之马]')),
    });
    const { articles, problems } = await readArchive(dir);
    expect(articles.map((a) => a.path).sort()).toEqual(['2021/good.md', 'good.md']);
    expect(problems.map((p) => [p.file.slice(dir.length + 1), p.field])).toEqual([
      ['good.md', '(id)'],
      ['none.md', '(frontmatter)'],
      ['task.md', 'tasks[0]'],
      ['yaml.md', '(frontmatter)'],
    ]);
  });

  it('splits frontmatter from the body, with CRLF line ends too', () => {
    expect(splitFrontmatter('---\r\ntitle: x\r\n---\r\nbody')).toEqual({ frontmatter: 'title: x', body: 'body' });
    expect(splitFrontmatter('no frontmatter').frontmatter).toBeUndefined();
  });

  it('takes the article id from the file name', () => {
    expect(articleIdFromPath('2021/03/2021-03-05-e6e5bdee.md')).toBe('2021-03-05-e6e5bdee');
  });

  it('makes the seed id from date, court and original title', () => {
    expect(
      articleId({ date: '2021-03-05', court: '重庆市高级人民法院', originalTitle: '重庆市法院队伍教育整顿动员部署会议召开' }),
    ).toBe('2021-03-05-e6e5bdee');
  });
});

describe('content folder', () => {
  it('defaults to content/ and resolves CONTENT_DIR relative to the working folder', () => {
    expect(resolveContentDir({}, '/site')).toBe('/site/content');
    expect(resolveContentDir({ CONTENT_DIR: 'archives/a' }, '/site')).toBe('/site/archives/a');
    expect(resolveContentDir({ CONTENT_DIR: '/data/archive' }, '/site')).toBe('/data/archive');
    expect(resolveContentDir({ CONTENT_DIR: ' ' }, '/site')).toBe('/site/content');
  });
});

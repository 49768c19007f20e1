/** Search records guessed from the Markdown sources, and what is not guessed. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyRenderer, guessRecord, type MarkdownRenderer } from '../../src/integrations/search-guess';
import { SEED_ARTICLE } from '../helpers/paths';

let render: MarkdownRenderer;
let work: string;
let seed: string;

beforeAll(async () => {
  render = await bodyRenderer();
  work = await mkdtemp(join(tmpdir(), 'archive-guess-'));
  seed = await readFile(SEED_ARTICLE, 'utf8');
});

/** `source` written as the file `name` of a fresh folder. */
async function file(name: string, source: string): Promise<string> {
  const path = join(await mkdtemp(join(work, 'a-')), name);
  await writeFile(path, source);
  return path;
}

describe('a search record guessed from a source', () => {
  it('holds the headline, then the body, and the fields and filters of its page', async () => {
    const record = await guessRecord(await file('2021-03-05-e6e5bdee.md', seed), render);
    expect(record?.text.split('\n')[0]).toBe(record?.meta['title']);
    expect(record?.text.length).toBeGreaterThan(1500);
    expect(record?.meta['date']).toBe('2021-03-05');
    expect(record?.filters['year']).toEqual(['2021']);
    expect(record?.sort).toEqual({ date: '2021-03-05' });
  });

  it('keeps markup in a field as text', async () => {
    const source = seed.replace(/^title: .*$/m, 'title: "<b>标题</b> & 其他"');
    const record = await guessRecord(await file('2021-03-05-e6e5bdee.md', source), render);
    expect(record?.meta['title']).toBe('<b>标题</b> & 其他');
    expect(record?.text.split('\n')[0]).toBe('<b>标题</b> & 其他');
  });

  it('is not made for an MDX bulletin, a file gone, or one that no longer reads as a bulletin', async () => {
    expect(await guessRecord(await file('2021-03-05-e6e5bdee.mdx', seed), render)).toBeUndefined();
    expect(await guessRecord(join(work, 'gone.md'), render)).toBeUndefined();
    expect(await guessRecord(await file('no-frontmatter.md', '正文'), render)).toBeUndefined();
    expect(await guessRecord(await file('bad-yaml.md', '---\ntitle: [\n---\n正文'), render)).toBeUndefined();
    expect(await guessRecord(await file('bad-date.md', seed.replace(/^date: .*$/m, 'date: 2021-02-30')), render)).toBeUndefined();
  });
});

import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkArchive, checkingCode } from '../../src/lib/article-check';
import { readArchive } from '../../src/lib/article-files';
import { FIXTURE_ARCHIVE } from '../helpers/paths';

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = undefined;
});

/** A copy of the fixture archive, and where its check is kept. */
async function archive(): Promise<{ dir: string; kept: string }> {
  work = await mkdtemp(join(tmpdir(), 'article-check-'));
  const dir = join(work, 'content');
  await cp(FIXTURE_ARCHIVE, dir, { recursive: true });
  return { dir, kept: join(work, 'cache', 'article-check.json') };
}

/** What `readArchive` finds, in the check's terms. */
async function reference(dir: string) {
  const { articles, problems } = await readArchive(dir);
  return { articles: articles.map(({ id, file, data }) => ({ id, file, date: data.date, draft: data.draft, unchanged: expect.any(Boolean) })), problems };
}

describe('the article check kept between builds', () => {
  it('finds what readArchive finds, and the next time reads no unchanged file', async () => {
    const { dir, kept } = await archive();
    const first = await checkArchive(dir, kept);
    expect(first.filesRead).toBe(8);
    expect({ ...first, filesRead: undefined }).toEqual({ ...(await reference(dir)), filesRead: undefined });
    expect(first.articles.filter((a) => a.draft).length).toBeGreaterThan(0);
    expect(first.articles.every((a) => !a.unchanged)).toBe(true);

    const again = await checkArchive(dir, kept);
    expect(again).toEqual({ ...first, filesRead: 0, articles: first.articles.map((a) => ({ ...a, unchanged: true })) });
    // Written whole and renamed: no temporary file left beside it.
    expect(await readdir(join(kept, '..'))).toEqual(['article-check.json']);
  });

  it('reads again a changed, an added and a touched file, forgets a removed one, and reports a file broken since', async () => {
    const { dir, kept } = await archive();
    await checkArchive(dir, kept);
    const retitled = join(dir, '2022', '2022-01-15-a1000004.md');
    await writeFile(retitled, (await readFile(retitled, 'utf8')).replace(/^date: .*$/m, 'date: 2022-01-16'));
    const touched = join(dir, '2022', '2022-06-30-a1000006.mdx');
    await utimes(touched, new Date(), new Date(Date.now() + 5000));
    await cp(retitled, join(dir, '2023-01-01-added.md'));
    await rm(join(dir, '2022', '2022-03-01-a1000008.md'));

    const changed = await checkArchive(dir, kept);
    expect(changed.filesRead).toBe(3);
    expect({ ...changed, filesRead: undefined }).toEqual({ ...(await reference(dir)), filesRead: undefined });
    expect(changed.articles.find((a) => a.id === '2022-01-15-a1000004')?.date).toBe('2022-01-16');
    expect(changed.articles.filter((a) => !a.unchanged).map((a) => a.id).sort()).toEqual(['2022-01-15-a1000004', '2022-06-30-a1000006', '2023-01-01-added']);

    // A file found valid before, then broken, with the same size and the modification time the check
    // kept (as a copy that keeps times, or a clock too coarse to move, would leave it): its change time
    // shows the write. Reported, and never kept as valid.
    await writeFile(retitled, (await readFile(retitled, 'utf8')).replace(/^date: .*$/m, 'date: 2022-02-30'));
    const keptCheck = JSON.parse(await readFile(kept, 'utf8'));
    const path = '2022/2022-01-15-a1000004.md';
    expect(keptCheck.files[path][1]).toBe((await stat(retitled)).size);
    keptCheck.files[path][2] = (await stat(retitled)).mtimeMs;
    await writeFile(kept, JSON.stringify(keptCheck));
    for (let i = 0; i < 2; i += 1) {
      const broken = await checkArchive(dir, kept);
      expect(broken.filesRead).toBe(1);
      expect(broken.problems).toEqual([{ file: retitled, field: 'date', message: expect.stringContaining('2022-02-30') }]);
      expect(broken.articles.map((a) => a.id)).not.toContain('2022-01-15-a1000004');
    }
  });

  it('reads every file again for other checking code, another folder, or a kept file it cannot read', async () => {
    const { dir, kept } = await archive();
    await checkArchive(dir, kept);
    const saved = JSON.parse(await readFile(kept, 'utf8'));
    expect(saved.code).toBe(checkingCode());

    await writeFile(kept, JSON.stringify({ ...saved, code: 'other code' }));
    expect((await checkArchive(dir, kept)).filesRead).toBe(8);
    await writeFile(kept, JSON.stringify({ ...saved, dir: join(dir, 'elsewhere') }));
    expect((await checkArchive(dir, kept)).filesRead).toBe(8);
    await writeFile(kept, '{ cut short');
    expect((await checkArchive(dir, kept)).filesRead).toBe(8);
    expect((await checkArchive(dir, kept)).filesRead).toBe(0);
  });

  it('finds a duplicate id among files it did not read again', async () => {
    const { dir, kept } = await archive();
    await checkArchive(dir, kept);
    await mkdir(join(dir, 'copies'));
    await cp(join(dir, '2022', '2022-01-15-a1000004.md'), join(dir, 'copies', '2022-01-15-a1000004.md'));
    const check = await checkArchive(dir, kept);
    expect(check.filesRead).toBe(1);
    expect(check.problems).toEqual([{ file: join(dir, 'copies', '2022-01-15-a1000004.md'), field: '(id)', message: expect.stringContaining('also used by') }]);
  });

  it('goes on without keeping the check where it cannot be written, and leaves no temporary file', async () => {
    const { dir } = await archive();
    const blocked = join(work!, 'not-a-folder');
    await writeFile(blocked, '');
    const check = await checkArchive(dir, join(blocked, 'article-check.json'));
    expect(check.notKept).toContain(blocked);
    expect({ ...check, notKept: undefined, filesRead: undefined }).toEqual({ ...(await reference(dir)), notKept: undefined, filesRead: undefined });
    expect(await readdir(work!)).toEqual(['content', 'not-a-folder']);
  });
});

/**
 * Astro's incremental build: a rebuild with the caches of an earlier one renders only the pages whose
 * data changed (every page's cache key, see `cacheKeyOf` in src/paths.ts) and leaves the rest in place,
 * and the result is the same, file for file, as a build from scratch.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSiteOrThrow, buildSite, listFiles, makeArchive } from '../helpers/build';
import { ADDED_ARTICLE, ADDED_COURT, bulletinSeries } from '../helpers/articles';
import { CONTENT, FIXTURE_ARCHIVE } from '../helpers/paths';

/** The files of two builds that are missing on one side or differ. */
async function differences(a: string, b: string): Promise<string[]> {
  const [left, right] = [new Set(await listFiles(a)), new Set(await listFiles(b))];
  const differ = [...left, ...right].filter((f) => !left.has(f) || !right.has(f));
  for (const file of [...left].filter((f) => right.has(f))) {
    const [x, y] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))]);
    if (!x.equals(y)) differ.push(file);
  }
  return [...new Set(differ)].sort();
}

/** Each page of a built site (its path from the site's root) with the time it was last written. */
async function pageTimes(outDir: string): Promise<Map<string, number>> {
  const pages = (await listFiles(outDir)).filter((file) => file.endsWith('.html'));
  return new Map(await Promise.all(pages.map(async (file) => [`/${file}`, (await stat(join(outDir, file))).mtimeMs] as const)));
}

/**
 * Builds the archive into `outDir` (kept from an earlier build) and returns the build with the pages it
 * left in place: those whose files it did not write again. The build's log must count as many in its
 * one line for them (patches/astro+7.3.5.patch), and no more list them one by one.
 */
async function rebuild(archive: string, env: Record<string, string>, outDir: string) {
  const before = await pageTimes(outDir);
  const build = await buildSite(archive, env, outDir);
  expect(build.code, build.output).toBe(0);
  const after = await pageTimes(outDir);
  const reused = [...after].filter(([file, time]) => before.get(file) === time).map(([file]) => file);
  const plain = build.output.replace(/\x1b\[[\d;]*m/g, '');
  const counted = /└─ (\d+) page\(s\) unchanged since the last build, left in place \(cached\)/.exec(plain)?.[1];
  expect(Number(counted ?? 0)).toBe(reused.length);
  expect(plain).not.toMatch(/index\.html *\(cached\)/);
  return { ...build, reused };
}

describe('incremental builds', () => {
  it('reuse unchanged pages and give what a build from scratch gives', async () => {
    // 41 older bulletins of the added one's court and task, so that its listings have older pages.
    const older = bulletinSeries({ count: 41, start: '2020-01-01', court: ADDED_COURT, prefix: 'o', tasks: ['清除害群之马'] });
    const archive = await makeArchive([CONTENT, FIXTURE_ARCHIVE], older);
    const cache = { CACHE_DIR: await mkdtemp(join(tmpdir(), 'archive-cache-')) };
    // An environment variable that differs between the builds, as any might between two shells: the
    // pages must not depend on it (patches/astro+7.3.5.patch, the actions runtime).
    const first = await buildSite(archive, { ...cache, X: 'first' });
    expect(first.code, first.output).toBe(0);
    expect(first.output).not.toContain('left in place');

    // A bulletin added, another retitled (its neighbours, listings and related lists show titles), a
    // third with only its text changed, a fourth removed.
    await writeFile(join(archive, '2023', '2023-05-01-b2000001.md'), ADDED_ARTICLE);
    await rm(join(archive, '2022', '2022-03-01-a1000008.md'));
    const retitled = join(archive, '2022', '2022-01-15-a1000004.md');
    await writeFile(retitled, (await readFile(retitled, 'utf8')).replace(/^title: .*$/m, 'title: 改过标题的通报'));
    const reworded = join(archive, '2021', '03', '2021-03-09-a1000001.md');
    await writeFile(reworded, `${await readFile(reworded, 'utf8')}\n补充的一段正文。\n`);

    // Into the same folder, as `npm run build` does.
    const again = await rebuild(archive, { ...cache, X: 'again' }, first.outDir);
    const { reused } = again;
    expect(reused.length).toBeGreaterThan(0);
    // The article check kept from the first build: only the added and the two changed files read again.
    expect(again.output).toMatch(/article\(s\) valid in .* \(3 read, the others unchanged since the last check\)/);
    for (const id of ['2023-05-01-b2000001', '2022-01-15-a1000004', '2021-03-09-a1000001']) {
      expect(reused).not.toContain(`/articles/${id}/index.html`);
    }
    // The listings the newest bulletin joins change on their front pages only: their older pages,
    // numbered from the oldest, stay as they were (see `paginate`).
    for (const listing of ['', `/courts/${ADDED_COURT}`, '/tasks/black-sheep']) {
      expect(reused).not.toContain(`${listing}/index.html`);
      expect(reused).toContain(`${listing}/page/1/index.html`);
    }

    const scratch = await buildSiteOrThrow(archive);
    expect(await differences(again.outDir, scratch)).toEqual([]);
    expect(again.output).toMatch(/removed \d+ file\(s\) left from earlier builds/);
    // The removed bulletin's folder goes too, not only its page.
    expect(existsSync(join(again.outDir, 'articles', '2022-03-01-a1000008'))).toBe(false);

    // No second copy of each page is kept in the cache folder (patches/astro+7.3.5.patch), none is
    // restored from it (a stale one left by an earlier Astro is ignored), and a page missing from the
    // output folder is rendered again.
    expect(existsSync(join(cache.CACHE_DIR, 'dist'))).toBe(false);
    const staleCopy = join(cache.CACHE_DIR, 'dist', 'articles', '2021-03-09-a1000001', 'index.html');
    await mkdir(dirname(staleCopy), { recursive: true });
    await writeFile(staleCopy, '<p>a stale copy</p>');
    await rm(join(again.outDir, 'articles', '2021-03-09-a1000001', 'index.html'));
    const mended = await rebuild(archive, cache, first.outDir);
    expect(mended.output).toMatch(/ \(0 read, the others unchanged since the last check\)/);
    expect(mended.reused).not.toContain('/articles/2021-03-09-a1000001/index.html');
    expect(mended.reused).toContain('/articles/2023-04-06-a1000005/index.html');
    expect(await differences(mended.outDir, scratch)).toEqual([]);

    // A build into another folder with the same cache, then a change, then back into the first folder:
    // the first folder's pages are older than what the cache last recorded, so none may be reused.
    await writeFile(retitled, (await readFile(retitled, 'utf8')).replace(/^title: .*$/m, 'title: 再改一次标题的通报'));
    const elsewhere = await buildSite(archive, cache);
    expect(elsewhere.code, elsewhere.output).toBe(0);
    const back = await buildSite(archive, cache, first.outDir);
    expect(back.code, back.output).toBe(0);
    expect(back.output).toMatch(/every page rendered anew/);
    expect(await differences(back.outDir, elsewhere.outDir)).toEqual([]);
  });
});

/** The search index is built in shards and cached: a rebuild reuses what did not change and equals a full build. */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../../src/integrations/search-index';
import { buildSite, listFiles, makeArchive } from '../helpers/build';
import { ADDED_ARTICLE } from '../helpers/articles';
import { CONTENT, FIXTURE_ARCHIVE } from '../helpers/paths';

/** Every file under `dir` with its bytes, for comparing two indexes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = (await listFiles(dir)).sort();
  return new Map(await Promise.all(files.map(async (f) => [f, (await readFile(join(dir, f))).toString('base64')] as const)));
}

describe('the search index cache', () => {
  it('rebuilds only the shard of an added bulletin, and writes what a full build writes', async () => {
    const archive = await makeArchive([CONTENT, FIXTURE_ARCHIVE]);
    const cache = { CACHE_DIR: await mkdtemp(join(tmpdir(), 'archive-cache-')) };
    const first = await buildSite(archive, cache);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/3 shard\(s\), 3 built \(2023, 2022, 2021\), 0 reused from the cache/);
    const again = await buildSite(archive, cache);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/3 shard\(s\), 0 built \(none\), 3 reused from the cache/);
    expect(await snapshot(join(again.outDir, 'pagefind'))).toEqual(await snapshot(join(first.outDir, 'pagefind')));

    // Into the same output folder, as `npm run build` does: unchanged shards stay in place, anything
    // else under pagefind/ (a shard of an older layout, a half-linked folder) goes.
    const bundle = join(again.outDir, 'pagefind');
    // A folder left in place keeps its inode; one linked again is a new folder.
    const inode = async (path: string) => (await stat(join(bundle, path))).ino;
    const before = { 2021: await inode('2021'), 2023: await inode('2023/pagefind-entry.json') };
    await mkdir(join(bundle, '2020', 'index'), { recursive: true });
    await mkdir(join(bundle, '2022.partial-1'));
    await writeFile(join(archive, '2023', '2023-05-01-b2000001.md'), ADDED_ARTICLE);
    const added = await buildSite(archive, cache, again.outDir);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toMatch(/3 shard\(s\), 1 built \(2023\), 2 reused from the cache/);
    expect(await inode('2021')).toBe(before[2021]);
    expect(await inode('2023/pagefind-entry.json')).not.toBe(before[2023]);
    expect((await readdir(bundle)).sort()).toEqual(['2021', '2022', '2023']);

    // The same pages indexed from scratch, with an empty cache.
    const full = await mkdtemp(join(tmpdir(), 'archive-full-'));
    await cp(added.outDir, full, { recursive: true });
    await rm(join(full, 'pagefind'), { recursive: true });
    const pages = (await listFiles(full)).filter((f) => f.startsWith('articles/')).map((f) => f.replace(/index\.html$/, ''));
    const report = await writeSearchIndex(full, pages, await mkdtemp(join(tmpdir(), 'archive-cache-')));
    expect(report.built).toEqual(['2023', '2022', '2021']);
    expect(await snapshot(join(full, 'pagefind'))).toEqual(await snapshot(join(added.outDir, 'pagefind')));
  });
});

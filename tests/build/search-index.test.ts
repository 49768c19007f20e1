/** The search index is built in shards and cached: a rebuild reuses what did not change and equals a full build. */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHUNK_GZIP } from '../../src/integrations/search-chunks';
import { readFragment } from '../../src/integrations/search-fragments';
import { bodyRenderer, guessRecord } from '../../src/integrations/search-guess';
import { EarlyIndex, writeSearchIndex } from '../../src/integrations/search-index-writer';
import { articleIdFromPath, listArticleFiles } from '../../src/lib/article-files';
import { extractSearchRecord } from '../../src/lib/search-record';
import { articleIdFromPagePath } from '../../src/lib/urls';
import { buildSite, buildSiteOrThrow, listFiles, makeArchive } from '../helpers/build';
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
    // Every article page is handed over as Astro renders it. How many shards are written before the
    // pages are done depends on how soon they are (the test below writes all of them early).
    expect(first.output).toMatch(
      /3 shard\(s\), 3 built \(2023, 2022, 2021\), 0 reused from the cache; [0-3] of those built while the pages were rendered, from the 8 page\(s\) handed over as rendered/,
    );
    expect(first.output).not.toMatch(/otherwise than expected/);
    // No shard is left half-written in the cache.
    const shardCache = join(cache.CACHE_DIR, 'search-index');
    expect((await readdir(shardCache)).filter((entry) => entry.includes('.partial-'))).toEqual([]);
    // Pagefind's search code: written once into the cache, and linked into every shard from there.
    const runtimes = async () => (await readdir(shardCache)).filter((entry) => entry.startsWith('runtime.'));
    const [runtime] = await runtimes();
    expect(await runtimes()).toHaveLength(1);
    const code = (await stat(join(shardCache, runtime ?? '', 'pagefind.js'))).ino;
    for (const shard of ['2021', '2022', '2023']) expect((await stat(join(first.outDir, 'pagefind', shard, 'pagefind.js'))).ino, shard).toBe(code);
    // The search code of an earlier Pagefind, unused for an hour, is pruned.
    await mkdir(join(shardCache, 'runtime.0123456789abcdef0123'));
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(join(shardCache, 'runtime.0123456789abcdef0123'), anHourAgo, anHourAgo);
    const again = await buildSite(archive, cache);
    expect(again.code, again.output).toBe(0);
    expect(await runtimes()).toEqual([runtime]);
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
    // Astro renders the added page and the other page of 2023 (its link to the next bulletin changed),
    // so that shard can be written while it renders the rest, or after.
    expect(added.output).toMatch(/3 shard\(s\), 1 built \(2023\), 2 reused from the cache; [01] of those built while the pages were rendered, from the \d+ page\(s\) handed over as rendered/);
    expect(await inode('2021')).toBe(before[2021]);
    expect(await inode('2023/pagefind-entry.json')).not.toBe(before[2023]);
    expect((await readdir(bundle)).sort()).toEqual(['2021', '2022', '2023']);

    // The same pages indexed from scratch, with an empty cache and none handed over while rendering:
    // the same files as the shards written while Astro rendered (2021, 2022) and after (2023).
    const full = await mkdtemp(join(tmpdir(), 'archive-full-'));
    await cp(added.outDir, full, { recursive: true });
    await rm(join(full, 'pagefind'), { recursive: true });
    const pages = (await listFiles(full)).filter((f) => f.startsWith('articles/')).map((f) => f.replace(/index\.html$/, ''));
    const report = await writeSearchIndex(full, pages, await mkdtemp(join(tmpdir(), 'archive-cache-')));
    expect(report.built).toEqual(['2023', '2022', '2021']);
    expect(await snapshot(join(full, 'pagefind'))).toEqual(await snapshot(join(added.outDir, 'pagefind')));
  });

  it('fails the build, naming why, when the index cannot be written, and leaves no process behind', async () => {
    // The index's cache folder taken by a file: every shard fails, while Astro renders and at the end.
    const cacheDir = await mkdtemp(join(tmpdir(), 'archive-cache-'));
    await writeFile(join(cacheDir, 'search-index'), 'not a folder');
    const started = Date.now();
    const failed = await buildSite(await makeArchive([CONTENT, FIXTURE_ARCHIVE]), { CACHE_DIR: cacheDir });
    expect(failed.code, failed.output).not.toBe(0);
    expect(failed.output).toMatch(/EEXIST[^\n]*search-index/);
    // The index process answered with its error, rather than ending without an answer.
    expect(failed.output).not.toMatch(/without an answer/);
    expect(failed.output).not.toMatch(/indexed \d+ article page\(s\) for search/);
    // The sitemap and pruning ran while the index failed; the build ended with it rather than hanging.
    expect(failed.output).toMatch(/sitemap-index\.xml/);
    expect(Date.now() - started).toBeLessThan(120_000);
  });

  it('writes shards while the pages are rendered, and what the build has, whatever was planned', async () => {
    const outDir = await buildSiteOrThrow(await makeArchive([CONTENT, FIXTURE_ARCHIVE]));
    await rm(join(outDir, 'pagefind'), { recursive: true });
    const pages = (await listFiles(outDir)).filter((f) => f.startsWith('articles/')).map((f) => f.replace(/index\.html$/, ''));
    const ids = pages.map((page) => page.split('/')[1] ?? '');
    const html = async (page: string) => readFile(join(outDir, page, 'index.html'), 'utf8');

    // Planned from the right dates: every shard is written as soon as its pages are in, and the end
    // of the build finds them all in the cache.
    const planned = new EarlyIndex(await mkdtemp(join(tmpdir(), 'archive-cache-')), outDir, ids.map((id) => ({ id, date: id.slice(0, 10) })));
    for (const page of pages) planned.add(page, await html(page));
    await planned.settled();
    planned.pagesDone();
    const early = await writeSearchIndex(outDir, pages, planned.cache.dir, planned);
    expect(early.builtEarly).toEqual(['2023', '2022', '2021']);
    const written = await snapshot(join(outDir, 'pagefind'));
    await rm(join(outDir, 'pagefind'), { recursive: true });

    // Planned as if every bulletin were of 2021: one shard of all pages, written as soon as the last
    // page is in, but not the shards the build has, which are written at the end.
    const cacheDir = await mkdtemp(join(tmpdir(), 'archive-cache-'));
    const wrong = new EarlyIndex(cacheDir, outDir, ids.map((id) => ({ id, date: '2021-01-01' })));
    wrong.add('about/', '<html></html>');
    for (const page of pages) wrong.add(page, await html(page));
    await wrong.settled();
    wrong.pagesDone();
    const report = await writeSearchIndex(outDir, pages, cacheDir, wrong);
    expect(report.built).toEqual(['2023', '2022', '2021']);
    expect(report.builtEarly).toEqual([]);
    expect(await snapshot(join(outDir, 'pagefind'))).toEqual(written);

    const scratch = await mkdtemp(join(tmpdir(), 'archive-full-'));
    await cp(outDir, scratch, { recursive: true });
    await rm(join(scratch, 'pagefind'), { recursive: true });
    const fromScratch = await writeSearchIndex(scratch, pages, await mkdtemp(join(tmpdir(), 'archive-cache-')));
    expect(fromScratch.namedOtherwise).toEqual([]);
    expect(fromScratch.byPagefind).toEqual([]);
    expect(await snapshot(join(outDir, 'pagefind'))).toEqual(await snapshot(join(scratch, 'pagefind')));

    // A court Pagefind changes (it takes `___PAGEFIND_…` out of filter values) makes it name that page's
    // fragment otherwise than the site wrote it ahead: the shard is written again, by Pagefind alone,
    // and Pagefind's fragments given what their results show.
    await rm(join(scratch, 'pagefind'), { recursive: true });
    const marked = pages.find((page) => page.includes('/2022-')) ?? '';
    const page = join(scratch, marked, 'index.html');
    await writeFile(page, (await readFile(page, 'utf8')).replace('<meta name="archive:court" content="', '<meta name="archive:court" content="___PAGEFIND_X '));
    const remade = await writeSearchIndex(scratch, pages, await mkdtemp(join(tmpdir(), 'archive-cache-')));
    expect(remade.namedOtherwise).toEqual(['2022']);
    const fragmentFolder = join(scratch, 'pagefind', '2022', 'fragment');
    const kept = await readdir(fragmentFolder);
    expect(kept).toHaveLength(pages.filter((p) => p.includes('/2022-')).length);
    for (const file of kept) {
      const data = readFragment(join(fragmentFolder, file));
      const record = extractSearchRecord(await readFile(join(scratch, data.url, 'index.html'), 'utf8'));
      expect(data.content).toBe('');
      expect(data.meta).toEqual({ ...record?.meta, text: record?.text });
    }
    // Pagefind's own index chunks, compressed at its level: none of the site's is left beside them.
    const chunkFolder = join(scratch, 'pagefind', '2022', 'index');
    for (const file of await readdir(chunkFolder)) {
      const bytes = await readFile(join(chunkFolder, file));
      expect(gzipSync(gunzipSync(bytes), CHUNK_GZIP).equals(bytes), file).toBe(false);
    }

    // An article page handed over with nothing to index is named.
    expect(() => wrong.add('articles/2021-03-05-e6e5bdee/', '<html><body><p>正文</p></body></html>')).toThrow(
      'articles/2021-03-05-e6e5bdee/: no element marked data-search-body, so nothing to index',
    );
  });

  it('reads again the pages whose files changed since the last index, as they were before Astro rendered', async () => {
    const outDir = await buildSiteOrThrow(await makeArchive([CONTENT, FIXTURE_ARCHIVE]));
    await rm(join(outDir, 'pagefind'), { recursive: true });
    const pages = (await listFiles(outDir)).filter((f) => f.startsWith('articles/')).map((f) => f.replace(/index\.html$/, ''));
    const articles = pages.map((page) => articleIdFromPagePath(page) ?? '').map((id) => ({ id, date: id.slice(0, 10) }));
    const cacheDir = await mkdtemp(join(tmpdir(), 'archive-cache-'));
    await writeSearchIndex(outDir, pages, cacheDir);

    // Looked at before any page is handed over, as a build does while Astro starts: nothing changed.
    const unchanged = new EarlyIndex(cacheDir, outDir, articles);
    await unchanged.before;
    unchanged.pagesDone();
    expect((await writeSearchIndex(outDir, pages, cacheDir, unchanged)).built).toEqual([]);

    // A page whose file changed since: its record is read again, and its shard written again.
    const edited = join(outDir, pages.find((page) => page.includes('/2022-')) ?? '', 'index.html');
    await writeFile(edited, (await readFile(edited, 'utf8')).replace('<p>', '<p>另行改动的文字'));
    const changed = new EarlyIndex(cacheDir, outDir, articles);
    await changed.before;
    changed.pagesDone();
    expect((await writeSearchIndex(outDir, pages, cacheDir, changed)).built).toEqual(['2022']);
    const scratch = await mkdtemp(join(tmpdir(), 'archive-full-'));
    await cp(outDir, scratch, { recursive: true });
    await rm(join(scratch, 'pagefind'), { recursive: true });
    await writeSearchIndex(scratch, pages, await mkdtemp(join(tmpdir(), 'archive-cache-')));
    expect(await snapshot(join(outDir, 'pagefind'))).toEqual(await snapshot(join(scratch, 'pagefind')));

    // The look is what counts: a page that changes after it, and is not handed over, is taken as it was
    // then (a build cannot do this: Astro hands over every page it writes).
    const looked = new EarlyIndex(cacheDir, outDir, articles);
    await looked.before;
    const later = join(outDir, pages.find((page) => page.includes('/2021-')) ?? '', 'index.html');
    await writeFile(later, (await readFile(later, 'utf8')).replace('<p>', '<p>看过之后改动的文字'));
    looked.pagesDone();
    expect((await writeSearchIndex(outDir, pages, cacheDir, looked)).built).toEqual([]);
  });

  it('begins with shards guessed from the Markdown sources, which the pages then confirm or replace', async () => {
    const archive = await makeArchive([CONTENT, FIXTURE_ARCHIVE]);
    const outDir = await buildSiteOrThrow(archive);
    await rm(join(outDir, 'pagefind'), { recursive: true });
    const pages = (await listFiles(outDir)).filter((f) => f.startsWith('articles/')).map((f) => f.replace(/index\.html$/, ''));
    const html = async (page: string) => readFile(join(outDir, page, 'index.html'), 'utf8');
    const files = new Map((await listArticleFiles(archive)).map((path) => [articleIdFromPath(path), join(archive, path)]));
    const planned = (id: string, unchanged: boolean) => ({ id, date: id.slice(0, 10), file: files.get(id) ?? '', unchanged });

    // Each Markdown bulletin's record, guessed from its source, is the one its page gives; an MDX
    // bulletin is not guessed.
    const render = await bodyRenderer();
    for (const page of pages) {
      const id = articleIdFromPagePath(page) ?? '';
      const guessed = await guessRecord(files.get(id) ?? '', render);
      if (files.get(id)?.endsWith('.mdx')) expect(guessed).toBeUndefined();
      else expect(guessed, page).toEqual(extractSearchRecord(await html(page)));
    }

    const scratch = await mkdtemp(join(tmpdir(), 'archive-full-'));
    await cp(outDir, scratch, { recursive: true });
    await writeSearchIndex(scratch, pages, await mkdtemp(join(tmpdir(), 'archive-cache-')));
    const fromPages = await snapshot(join(scratch, 'pagefind'));

    /** Guesses, then hands over the pages, as a build does; the report and the index written. */
    const guessThenPages = async (unchanged = false) => {
      const early = new EarlyIndex(await mkdtemp(join(tmpdir(), 'archive-cache-')), outDir, pages.map((page) => planned(articleIdFromPagePath(page) ?? '', unchanged)));
      await early.guess();
      for (const page of pages) early.add(page, await html(page));
      await early.settled();
      early.pagesDone();
      const report = await writeSearchIndex(outDir, pages, early.cache.dir, early);
      const written = await snapshot(join(outDir, 'pagefind'));
      await rm(join(outDir, 'pagefind'), { recursive: true });
      return { report, written };
    };

    // Every shard without an MDX bulletin is written from the sources, and found right.
    const right = await guessThenPages();
    expect(right.report.built).toEqual(['2023', '2022', '2021']);
    expect(right.report.guessed).toEqual(['2023', '2021']);
    expect(right.report.guessedWrong).toBe(0);
    expect(right.written).toEqual(fromPages);

    // While a shard whose pages are all in waits to be written, guesses wait; then the shards with no
    // page in yet are guessed (2021: 2022 has an MDX bulletin, and 2023's pages are in).
    const staged = new EarlyIndex(await mkdtemp(join(tmpdir(), 'archive-cache-')), outDir, pages.map((page) => planned(articleIdFromPagePath(page) ?? '', false)));
    const ofYear = (year: string) => pages.filter((page) => page.includes(`/${year}-`));
    for (const page of ofYear('2023')) staged.add(page, await html(page));
    await staged.guess();
    for (const page of [...ofYear('2022'), ...ofYear('2021')]) staged.add(page, await html(page));
    await staged.settled();
    staged.pagesDone();
    const afterPages = await writeSearchIndex(outDir, pages, staged.cache.dir, staged);
    expect(afterPages.guessed).toEqual(['2021']);
    expect(afterPages.builtEarly).toEqual(['2023', '2022', '2021']);
    expect(await snapshot(join(outDir, 'pagefind'))).toEqual(fromPages);
    await rm(join(outDir, 'pagefind'), { recursive: true });

    // A source changed since its page was built: its shard's guess is wrong, and the shard is
    // written again from the pages, so the index is still the pages'.
    const changed = [...files.values()].find((file) => file.includes('/2021/')) ?? '';
    await writeFile(changed, `${await readFile(changed, 'utf8')}\n新增的一段话。\n`);
    const wrong = await guessThenPages();
    expect(wrong.report.built).toEqual(['2023', '2022', '2021']);
    expect(wrong.report.guessed).toEqual(['2023']);
    expect(wrong.report.guessedWrong).toBe(1);
    expect(wrong.written).toEqual(fromPages);

    // Sources all unchanged since the last build are not read: their shards come from the pages.
    const unchanged = await guessThenPages(true);
    expect(unchanged.report.built).toEqual(['2023', '2022', '2021']);
    expect(unchanged.report.guessed).toEqual([]);
    expect(unchanged.written).toEqual(fromPages);
  });
});

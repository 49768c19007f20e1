/**
 * The index writer when Pagefind writes a shard (as it does for a Pagefind version whose format the site
 * does not write, `search-meta.ts`) and cuts its index otherwise than the chunks the site wrote ahead of
 * it (`search-chunks.ts`), its fragments still named as foreseen: the shard is written again by
 * Pagefind alone, and none of the site's chunks is left in it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHUNK_GZIP } from '../../src/integrations/search-chunks';
import { writeSearchIndex } from '../../src/integrations/search-index-writer';

// The chunks foreseen for another chunk size than Pagefind is given: named otherwise than Pagefind's.
vi.mock('../../src/integrations/search-chunks', async (original) => {
  const chunks = await original<typeof import('../../src/integrations/search-chunks')>();
  return { ...chunks, indexChunks: (...[language, records, size, words]: Parameters<typeof chunks.indexChunks>) => chunks.indexChunks(language, records, Math.ceil(size / 50), words) };
});

// Another Pagefind version than the one whose format the site writes: Pagefind writes the shard.
vi.mock('../../src/integrations/search-meta', async (original) => {
  const meta = await original<typeof import('../../src/integrations/search-meta')>();
  return { ...meta, readRuntime: (...args: Parameters<typeof meta.readRuntime>) => ({ ...meta.readRuntime(...args), version: '1.7.0' }) };
});

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'search-chunks-otherwise-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** An article page as the site writes it, reduced to what the index reads. */
function articlePage(id: string, text: string): string {
  return [
    `<html><head><meta name="archive:date" content="${id.slice(0, 10)}"><meta name="archive:title" content="标题${id}">`,
    '<meta name="archive:court" content="重庆市高级人民法院"></head>',
    `<body><article data-search-body><h1>标题${id}</h1><p>${text}</p></article></body></html>`,
  ].join('');
}

describe('the index chunks written ahead of Pagefind, named otherwise', () => {
  it('make the shard be written again by Pagefind alone, with the site’s fragments', async () => {
    const outDir = join(work, 'dist');
    const texts = ['刮骨疗毒，清除害群之马。', '整治顽瘴痼疾，弘扬英模精神。', '筑牢政治忠诚，教育整顿 2021 年。'];
    const paths = texts.map((_, i) => `articles/2021-03-0${i + 1}-0000000${i}/`);
    for (const [i, path] of paths.entries()) {
      await mkdir(join(outDir, path), { recursive: true });
      await writeFile(join(outDir, path, 'index.html'), articlePage(path.slice('articles/'.length, -1), texts[i] ?? ''));
    }
    const report = await writeSearchIndex(outDir, paths, join(work, 'cache'));
    expect(report.built).toEqual(['2021']);
    expect(report.namedOtherwise).toEqual(['2021']);
    expect(report.byPagefind).toEqual(['2021']);
    const chunks = join(outDir, 'pagefind', '2021', 'index');
    const files = await readdir(chunks);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = await readFile(join(chunks, file));
      expect(gzipSync(gunzipSync(bytes), CHUNK_GZIP).equals(bytes), file).toBe(false);
    }
    expect(await readdir(join(outDir, 'pagefind', '2021', 'fragment'))).toHaveLength(3);
  });
});

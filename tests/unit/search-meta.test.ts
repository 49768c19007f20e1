/** The shards the site writes whole, in Pagefind's format: the same files as Pagefind writes for the same records (checked against Pagefind itself). */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedParagraphs } from '../../scripts/lib/synthetic';
import { indexChunks, writeChunks } from '../../src/integrations/search-chunks';
import { writeFragments, type PagefindRecord, type ResultData } from '../../src/integrations/search-fragments';
import { RESULT_DIGEST_FIELD, resultDigestWord } from '../../src/integrations/search-index-writer';
import { PAGEFIND_FORMAT, readRuntime, shardRest, writeShardRest, type PagefindRuntime } from '../../src/integrations/search-meta';
import { indexWords } from '../../src/lib/search-text';
import { writeWithPagefind } from '../helpers/pagefind';
import { SEED_ARTICLE } from '../helpers/paths';

/** A shard's language of the usual length (the metadata's name takes as many digits as it has characters, and eight). */
const LANGUAGE = 'und-x-2021-2';
/** Small chunks, so that a few records make many. */
const CHUNK_SIZE = 600;
/**
 * Courts, some of them odd (spaces around, markup, nothing): Pagefind keeps them as they are. A full-width
 * parenthesis and a character beyond the Basic Multilingual Plane sort one way by UTF-8 bytes, as
 * Pagefind sorts, and the other by JavaScript's UTF-16 units.
 */
const COURTS = ['重庆市高级人民法院', ' 重庆 ', 'A&amp;B <i>x</i> "q"', '', '（重庆）法院', '𠀀法院', 'Court A'];
const PEOPLE = ['戴军', '郭志涛', '曾娟', '于东', 'Zhang Wei'];

let work: string;
let records: PagefindRecord[];
let results: Map<string, ResultData>;
let runtime: PagefindRuntime;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'search-meta-'));
  const paragraphs = await seedParagraphs(SEED_ARTICLE);
  const texts = paragraphs.map((paragraph, i) => `${paragraph}\n${paragraphs[(i * 7) % paragraphs.length] ?? ''}`);
  texts.push('2021年3月5日，COVID-19 防控 Ab12 a 0 zoo');
  results = new Map();
  records = texts.map((text, i) => {
    const url = `/articles/${i}/`;
    results.set(url, { meta: { title: `标题${i}` }, text });
    return {
      url,
      language: LANGUAGE,
      content: indexWords(text),
      meta: { [RESULT_DIGEST_FIELD]: resultDigestWord({ meta: { title: url }, text }) },
      // Filters of several values, none, and one that only some records have; values in no order.
      filters: {
        court: [COURTS[i % COURTS.length] as string],
        person: PEOPLE.filter((_, p) => (i + p) % 3 === 0).reverse(),
        ...(i % 4 === 0 ? { stage: ['查纠整改', '学习教育'] } : {}),
        // A filter with no value on some pages, and one with no value on any.
        task: i % 3 === 0 ? [] : ['清除害群之马'],
        tag: [],
        year: [i % 5 === 0 ? '2022' : '2021'],
        shard: ['t'],
      },
      // Dates in no order, several of them the same.
      sort: { date: `2021-0${1 + ((i * 5) % 9)}-1${i % 3}` },
    };
  });
  // A record without words: left out of the index, the pages after it numbered without it.
  records.splice(3, 0, { ...(records[0] as PagefindRecord), url: '/articles/empty/', content: ' ' });
  results.set('/articles/empty/', { meta: {}, text: '' });
  results.set('/articles/changed/', { meta: {}, text: '' });
  const language = 'und-x-runtime';
  await writeWithPagefind([{ url: '/', language, content: 'runtime', meta: {}, filters: {}, sort: {} }], join(work, 'runtime'), language);
  runtime = readRuntime(join(work, 'runtime'), language);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file under `folder`, by its path there. */
async function tree(folder: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));
  return new Map(await Promise.all(files.sort().map(async (file) => [file, await readFile(join(folder, file))] as const)));
}

/** Writes the shard of `list` as the index writer does when it writes it whole; false if it cannot. */
async function writeBySite(list: readonly PagefindRecord[], folder: string, own = runtime): Promise<boolean> {
  const pages = await writeFragments(folder, LANGUAGE, list, results);
  const chunks = await indexChunks(LANGUAGE, list, CHUNK_SIZE);
  if (chunks === undefined) return false;
  const rest = shardRest(LANGUAGE, pages, chunks, own);
  if (rest === undefined) return false;
  await writeChunks(folder, chunks);
  await writeShardRest(folder, rest, own);
  return true;
}

describe('a shard written whole by the site', () => {
  it('holds the files Pagefind writes for the same records, under the same names, with the same contents', async () => {
    const theirs = join(work, 'theirs');
    const ours = join(work, 'ours');
    await writeWithPagefind(records, theirs, LANGUAGE, CHUNK_SIZE);
    expect(await writeBySite(records, ours)).toBe(true);
    const [expected, written] = [await tree(theirs), await tree(ours)];
    expect([...written.keys()]).toEqual([...expected.keys()]);
    const kinds = new Set([...written.keys()].map((file) => file.slice(file.lastIndexOf('.'))));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['.json', '.pf_filter', '.pf_fragment', '.pf_index', '.pf_meta']));
    expect([...written.keys()].filter((file) => file.startsWith('filter/'))).toHaveLength(6);
    expect([...written.keys()].filter((file) => file.startsWith('index/')).length).toBeGreaterThan(5);
    for (const [file, bytes] of written) {
      const reference = expected.get(file) as Buffer;
      // The fragments hold what the results show, not Pagefind's metadata (`search-fragments.test.ts`).
      if (file.startsWith('fragment/')) continue;
      const compressed = /\.pf_(?:filter|index|meta)$/.test(file);
      const same = compressed ? gunzipSync(bytes).equals(gunzipSync(reference)) : bytes.equals(reference);
      expect(same, file).toBe(true);
    }
  });

  it('bounds its chunks as Pagefind does where a chunk holds only words that begin alike', async () => {
    // Each of these words is on every page, so fills a chunk alone: between `apple` and `apricot` the
    // shortest beginnings are `app` and `apr`, but `app` sorts before the chunk's own `apple`.
    const words = ['apple', 'apricot', 'banana', 'peach', 'pear'];
    const alike = Array.from({ length: 220 }, (_, i) => {
      const url = `/articles/alike-${i}/`;
      results.set(url, { meta: {}, text: url });
      return { ...(records[0] as PagefindRecord), url, content: [...words, `w${i}`].join(' '), sort: { date: '2021-03-05' } };
    });
    const [theirs, ours] = [join(work, 'alike-theirs'), join(work, 'alike-ours')];
    await writeWithPagefind(alike, theirs, LANGUAGE, CHUNK_SIZE);
    expect(await writeBySite(alike, ours)).toBe(true);
    const meta = (folder: string) => readdir(folder).then((files) => files.filter((file) => file.endsWith('.pf_meta')));
    expect(await meta(ours)).toEqual(await meta(theirs));
  });

  it('is not written by the site for another Pagefind version, or for metadata, filters or sort keys it does not foresee', async () => {
    const plain = records.slice(0, 4);
    const changed = (changes: Partial<PagefindRecord>) => [...plain, { ...(plain[1] as PagefindRecord), url: '/articles/changed/', ...changes }];
    expect(await writeBySite(plain, join(work, 'plain'))).toBe(true);
    expect(await writeBySite(plain, join(work, 'version'), { ...runtime, version: '1.7.0' })).toBe(false);
    expect(PAGEFIND_FORMAT).toBe(runtime.version);
    const cases = [
      ['a number to sort by', changed({ sort: { date: '20210305' } })],
      ['no date to sort by', changed({ sort: {} })],
      ['a value twice under one filter', changed({ filters: { person: ['戴军', '戴军'] } })],
      ['no metadata', changed({ meta: {} })],
      ['two metadata fields', changed({ meta: { ...plain[1]?.meta, title: '标题' } })],
      // Pagefind takes such markers out of filter values.
      ['a marker of Pagefind in a filter value', changed({ filters: { court: ['___PAGEFIND_X 重庆'] } })],
    ] as const;
    for (const [i, [what, list]] of cases.entries()) expect(await writeBySite(list, join(work, `case-${i}`)), what).toBe(false);
  });
});

/** The result fragments the site writes: under the names Pagefind gives them (checked against Pagefind itself), with what each result shows. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullHash, holdsJust } from '../../src/integrations/pagefind-files';
import { FRAGMENT_FOLDER, FRAGMENT_GZIP, fragmentFiles, fragmentNames, giveResultData, pagefindFragment, writeFragments, type PagefindRecord, type ResultData } from '../../src/integrations/search-fragments';
import { indexWords } from '../../src/lib/search-text';
import { writeWithPagefind } from '../helpers/pagefind';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'search-fragments-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const LANGUAGE = 'und-x-t';
const text = '重庆市法院队伍教育整顿动员部署会议召开\n清除害群之马，整治顽瘴痼疾。';

/**
 * A record like the index writer's, with `changes`; with metadata of several fields, where the writer
 * gives only a digest: the fragment's name is Pagefind's digest of whatever metadata it is given. (The
 * names expected below were found with these records.)
 */
const record = (url: string, changes: Partial<PagefindRecord> = {}): PagefindRecord => ({
  url,
  language: LANGUAGE,
  content: indexWords(text),
  meta: { title: '重庆法院召开动员部署会议', date: '2021-03-05', court: '重庆市高级人民法院', textDigest: '㐀䶵㑇㒅' },
  filters: { year: ['2021'], court: ['重庆市高级人民法院'], task: ['清除害群之马', '整治顽瘴痼疾'] },
  sort: { date: '2021-03-05' },
  ...changes,
});

/**
 * Records whose fragments test the names: one whose digest starts with a byte below 16 (written as one
 * digit, not two), metadata and filters in no order (upper case sorts first), words apart by more than
 * one space, and two records whose names share their first seven digits, so that the second is one
 * digit longer (both pairs found by trying URLs).
 */
const RECORDS: PagefindRecord[] = [
  record('/articles/2021-03-05-e6e5bdee/'),
  record('/articles/p-15/'),
  record('/articles/b/', { meta: { zeta: 'z', Title: '标题 𠵾', alpha: 'a "quoted" \\ and\ttab' }, filters: { task: ['b', 'a'], Court: ['c'] } }),
  record('/articles/c/', { content: ` ${indexWords(text).replaceAll(' ', '  ')} ` }),
  record('/articles/c-15115/', { content: 'z0i430p7o z0p7o0i43', meta: { title: '标题' }, filters: {}, sort: {} }),
  record('/articles/c-18252/', { content: 'z0i430p7o z0p7o0i43', meta: { title: '标题' }, filters: {}, sort: {} }),
];
/** What each result shows: facts (in no order) and a text. */
const result = (i: number): ResultData => ({ meta: { title: `标题${i}`, date: '2021-03-05', court: '重庆市高级人民法院', summary: `摘要 ${i}` }, text: `${text}\n${i}` });
const RESULTS = new Map(RECORDS.map((r, i) => [r.url, result(i)]));

/** The fragments of a shard folder: file name → decompressed contents. */
async function fragments(folder: string): Promise<Map<string, string>> {
  const files = (await readdir(join(folder, 'fragment'))).sort();
  return new Map(await Promise.all(files.map(async (file) => [file, gunzipSync(await readFile(join(folder, 'fragment', file))).toString('utf8')] as const)));
}

describe('the fragments the site writes', () => {
  it('are named as Pagefind names them, and Pagefind leaves them as written', async () => {
    const own = join(work, 'own');
    await writeWithPagefind(RECORDS, own, LANGUAGE);
    const ahead = join(work, 'ahead');
    const written = fragmentFiles(await writeFragments(ahead, LANGUAGE, RECORDS, RESULTS));
    await writeWithPagefind(RECORDS, ahead, LANGUAGE);

    const theirs = await fragments(own);
    expect([...written].sort()).toEqual([...theirs.keys()]);
    expect(holdsJust(ahead, FRAGMENT_FOLDER, written)).toBe(true);
    // The colliding pair: the second name is one digit longer.
    const names = fragmentNames(LANGUAGE, RECORDS.map((r) => JSON.stringify(pagefindFragment(r))));
    expect(names.slice(4).map((name) => name.length - LANGUAGE.length - 1)).toEqual([7, 8]);
    expect(names[5]?.startsWith(names[4] ?? '-')).toBe(true);
    // The digest 08 26 58 5e… is written 826585e.
    expect(names[1]).toBe(`${LANGUAGE}_826585e`);

    // Pagefind's own fragments are what it is given, as `pagefindFragment` makes them.
    for (const [i, r] of RECORDS.entries()) {
      expect(theirs.get(`${names[i]}.pf_fragment`)).toBe(`pagefind_dcd${JSON.stringify(pagefindFragment(r))}`);
    }
    // The site's: the same, with what the result shows in place of Pagefind's metadata (facts by key,
    // then the text) and without the index words, exactly as giving Pagefind's own fragments the
    // results afterwards makes them.
    const ours = await fragments(ahead);
    for (const [i, r] of RECORDS.entries()) {
      const json = (ours.get(`${names[i]}.pf_fragment`) ?? '').slice('pagefind_dcd'.length);
      expect(JSON.parse(json)).toEqual({ ...pagefindFragment(r), content: '', meta: { ...result(i).meta, text: result(i).text } });
      expect(Object.keys((JSON.parse(json) as { meta: object }).meta)).toEqual(['court', 'date', 'summary', 'title', 'text']);
    }
    giveResultData(own, RESULTS);
    const rewritten = join(own, 'fragment');
    for (const file of written) expect(await readFile(join(rewritten, file))).toEqual(await readFile(join(ahead, 'fragment', file)));
    // Both compressed at the fragments' level, whichever wrote them first.
    for (const file of written) {
      const bytes = await readFile(join(ahead, 'fragment', file));
      expect(gzipSync(gunzipSync(bytes), FRAGMENT_GZIP).equals(bytes), file).toBe(true);
    }
  });

  it('are shown to be named otherwise when Pagefind writes fragments of its own beside them', async () => {
    // Pagefind takes `___PAGEFIND_…` out of metadata, which `pagefindFragment` does not foresee.
    const marked = [record('/articles/m/', { meta: { title: '标题 ___PAGEFIND_X 又' } })];
    const folder = join(work, 'marked');
    const written = fragmentFiles(await writeFragments(folder, LANGUAGE, marked, new Map([['/articles/m/', result(0)]])));
    await writeWithPagefind(marked, folder, LANGUAGE);
    expect(holdsJust(folder, FRAGMENT_FOLDER, written)).toBe(false);
  });

  it('leave out a record without words, as Pagefind leaves it out of the index', async () => {
    const records = [record('/articles/w1/'), record('/articles/empty/', { content: '  ' }), record('/articles/w2/')];
    const results = new Map(records.map((r, i) => [r.url, result(i)]));
    const own = join(work, 'wordless-own');
    await writeWithPagefind(records, own, LANGUAGE);
    const ahead = join(work, 'wordless-ahead');
    const written = fragmentFiles(await writeFragments(ahead, LANGUAGE, records, results));
    await writeWithPagefind(records, ahead, LANGUAGE);
    expect(written.size).toBe(2);
    expect([...written].sort()).toEqual([...(await fragments(own)).keys()]);
    expect(holdsJust(ahead, FRAGMENT_FOLDER, written)).toBe(true);
  });

  it('need what every record’s result shows', async () => {
    await expect(writeFragments(join(work, 'textless'), LANGUAGE, RECORDS, new Map())).rejects.toThrow('no data for the search result /articles/2021-03-05-e6e5bdee/');
  });
});

describe('Pagefind’s digest of a file', () => {
  it('is the SHA-1 written byte by byte in hexadecimal, without leading zeros', () => {
    // SHA-1 of "abc": a9 99 3e 36 47 06 81 6a ba 3e 25 71 78 50 c2 6c 9c d0 d8 9d.
    expect(fullHash('abc')).toBe('a9993e36476816aba3e25717850c26c9cd0d89d');
    expect(fullHash(Buffer.from('abc'))).toBe(fullHash('abc'));
  });
});

describe('giving Pagefind’s fragments what each result shows', () => {
  const fragment = (data: object) => gzipSync(`pagefind_dcd${JSON.stringify(data)}`);
  const shard = async (name: string, files: Record<string, Buffer>) => {
    const folder = join(work, name);
    await mkdir(join(folder, 'fragment'), { recursive: true });
    for (const [file, bytes] of Object.entries(files)) await writeFile(join(folder, 'fragment', file), bytes);
    return folder;
  };

  it('gives each fragment the facts and text of the page at its URL in place of its metadata, empties its index words, and keeps the rest as Pagefind wrote it', async () => {
    const data = { url: '/articles/a/', content: 'z0i430p7o', word_count: 1, filters: { year: ['2021'] }, meta: { digest: '㐀䶵㑇㒅' }, anchors: [] };
    const folder = await shard('texts', { 'und-x-t_1.pf_fragment': fragment(data) });
    giveResultData(folder, new Map([['/articles/a/', { meta: { title: '标题' }, text }]]));
    const written = gunzipSync(await readFile(join(folder, 'fragment', 'und-x-t_1.pf_fragment'))).toString('utf8');
    expect(written.startsWith('pagefind_dcd')).toBe(true);
    expect(JSON.parse(written.slice('pagefind_dcd'.length))).toEqual({ ...data, content: '', meta: { title: '标题', text } });
  });

  it('names the file that is not the fragment of a page of the shard, or not a fragment at all', async () => {
    const stranger = await shard('stranger', { 'und-x-t_2.pf_fragment': fragment({ url: '/articles/b/', meta: {} }) });
    expect(() => giveResultData(stranger, new Map([['/articles/a/', result(0)]]))).toThrow(/und-x-t_2\.pf_fragment: not the fragment of a page of this shard \(its URL: \/articles\/b\/\)/);
    const plain = await shard('plain', { 'und-x-t_3.pf_fragment': Buffer.from('{"url":"/articles/a/"}') });
    expect(() => giveResultData(plain, new Map([['/articles/a/', result(0)]]))).toThrow(/und-x-t_3\.pf_fragment: not a Pagefind fragment/);
  });
});

/** The parts of the search index writer that work on their own: the text's digest word, and putting texts into fragments. */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTexts, TEXT_DIGEST_FIELD, textDigestWord } from '../../src/integrations/search-index-writer';
import { prepareQuery, searchTokens } from '../../src/lib/search-text';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'index-writer-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const text = '重庆市法院队伍教育整顿动员部署会议召开\n清除害群之马，整治顽瘴痼疾。';

describe('the digest word of a result’s text', () => {
  it('is four Han characters of Extension A, the same for the same text, another for a text that differs in punctuation only', () => {
    const word = textDigestWord(text);
    expect([...word]).toHaveLength(4);
    expect([...word].every((char) => (char.codePointAt(0) ?? 0) >= 0x3400 && (char.codePointAt(0) ?? 0) <= 0x4dbf)).toBe(true);
    expect(textDigestWord(text)).toBe(word);
    expect(textDigestWord(text.replace('，', '、'))).not.toBe(word);
  });

  it('cannot be found by any query: a query asks Pagefind for ASCII words only, even for the digest word itself', () => {
    const word = textDigestWord(text);
    for (const query of [word, [...word].slice(0, 2).join(''), [...word][0] ?? '', `${word} 教育整顿`]) {
      const tokens = searchTokens(prepareQuery(query).search);
      expect(tokens.length, query).toBeGreaterThan(0);
      expect(tokens.every((token) => /^[a-z0-9]+$/.test(token)), query).toBe(true);
    }
  });

  it('renames the fragment Pagefind writes, whose name is a digest of the record, metadata included', async () => {
    const fragmentName = async (digest: string, name: string) => {
      const { index } = await pagefind.createIndex({ forceLanguage: 'und-x-t' });
      if (!index) throw new Error('Pagefind did not start');
      await index.addCustomRecord({ url: '/a/', language: 'und-x-t', content: 'z0i430p7o', meta: { title: '标题', [TEXT_DIGEST_FIELD]: digest } });
      await index.writeFiles({ outputPath: join(work, name) });
      return readdir(join(work, name, 'fragment'));
    };
    try {
      const [first, same, other] = [
        await fragmentName(textDigestWord(text), 'first'),
        await fragmentName(textDigestWord(text), 'same'),
        await fragmentName(textDigestWord(text.replace('，', '、')), 'other'),
      ];
      expect(first).toHaveLength(1);
      expect(same).toEqual(first);
      expect(other).not.toEqual(first);
    } finally {
      await pagefind.close();
    }
  });
});

describe('putting the texts into the fragments', () => {
  const fragment = (data: object) => gzipSync(`pagefind_dcd${JSON.stringify(data)}`);
  const shard = async (name: string, files: Record<string, Buffer>) => {
    const folder = join(work, name);
    await mkdir(join(folder, 'fragment'), { recursive: true });
    for (const [file, bytes] of Object.entries(files)) await writeFile(join(folder, 'fragment', file), bytes);
    return folder;
  };

  it('gives each fragment the text of the page at its URL, empties its index words, and keeps the rest as Pagefind wrote it', async () => {
    const data = { url: '/articles/a/', content: 'z0i430p7o', word_count: 1, filters: { year: ['2021'] }, meta: { title: '标题' }, anchors: [] };
    const folder = await shard('texts', { 'und-x-t_1.pf_fragment': fragment(data) });
    addTexts(folder, new Map([['/articles/a/', text]]));
    const written = gunzipSync(await readFile(join(folder, 'fragment', 'und-x-t_1.pf_fragment'))).toString('utf8');
    expect(written.startsWith('pagefind_dcd')).toBe(true);
    expect(JSON.parse(written.slice('pagefind_dcd'.length))).toEqual({ ...data, content: '', meta: { title: '标题', text } });
  });

  it('names the file that is not the fragment of a page of the shard, or not a fragment at all', async () => {
    const stranger = await shard('stranger', { 'und-x-t_2.pf_fragment': fragment({ url: '/articles/b/', meta: {} }) });
    expect(() => addTexts(stranger, new Map([['/articles/a/', text]]))).toThrow(/und-x-t_2\.pf_fragment: not the fragment of a page of this shard \(its URL: \/articles\/b\/\)/);
    const plain = await shard('plain', { 'und-x-t_3.pf_fragment': Buffer.from('{"url":"/articles/a/"}') });
    expect(() => addTexts(plain, new Map([['/articles/a/', text]]))).toThrow(/und-x-t_3\.pf_fragment: not a Pagefind fragment/);
  });
});

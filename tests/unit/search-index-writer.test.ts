/** The parts of the search index writer that work on their own: the text's digest word. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_DIGEST_FIELD, textDigestWord } from '../../src/integrations/search-index-writer';
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

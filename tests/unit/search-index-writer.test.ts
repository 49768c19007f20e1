/** The parts of the search index writer that work on their own: the digest word of what a result shows. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_DIGEST_FIELD, resultDigestWord } from '../../src/integrations/search-index-writer';
import { prepareQuery, searchTokens } from '../../src/lib/search-text';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'index-writer-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const text = '重庆市法院队伍教育整顿动员部署会议召开\n清除害群之马，整治顽瘴痼疾。';
const meta = { title: '重庆法院召开动员部署会议', date: '2021-03-05', court: '重庆市高级人民法院', summary: '清除害群之马' };
const result = { meta, text };

describe('the digest word of what a result shows', () => {
  it('is four Han characters of Extension A, the same for the same result, another for a text or a fact that differs in a character', () => {
    const word = resultDigestWord(result);
    expect([...word]).toHaveLength(4);
    expect([...word].every((char) => (char.codePointAt(0) ?? 0) >= 0x3400 && (char.codePointAt(0) ?? 0) <= 0x4dbf)).toBe(true);
    expect(resultDigestWord({ meta: { ...meta }, text })).toBe(word);
    expect(resultDigestWord({ meta, text: text.replace('，', '、') })).not.toBe(word);
    expect(resultDigestWord({ meta: { ...meta, summary: '整治顽瘴痼疾' }, text })).not.toBe(word);
    expect(resultDigestWord({ meta: { ...meta, date: '2021-03-06' }, text })).not.toBe(word);
  });

  it('cannot be found by any query: a query asks Pagefind for ASCII words only, even for the digest word itself', () => {
    const word = resultDigestWord(result);
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
      await index.addCustomRecord({ url: '/a/', language: 'und-x-t', content: 'z0i430p7o', meta: { [RESULT_DIGEST_FIELD]: digest } });
      await index.writeFiles({ outputPath: join(work, name) });
      return readdir(join(work, name, 'fragment'));
    };
    try {
      const [first, same, other] = [
        await fragmentName(resultDigestWord(result), 'first'),
        await fragmentName(resultDigestWord(result), 'same'),
        await fragmentName(resultDigestWord({ meta: { ...meta, title: '重庆法院召开推进会' }, text }), 'other'),
      ];
      expect(first).toHaveLength(1);
      expect(same).toEqual(first);
      expect(other).not.toEqual(first);
    } finally {
      await pagefind.close();
    }
  });
});

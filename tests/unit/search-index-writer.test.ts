/** The parts of the search index writer that are plain functions. */
import { describe, expect, it } from 'vitest';
import { textDigestWord } from '../../src/integrations/search-index-writer';
import { prepareQuery, searchTokens } from '../../src/lib/search-text';

describe('the digest word of a result’s text', () => {
  const text = '重庆市法院队伍教育整顿动员部署会议召开\n清除害群之马，整治顽瘴痼疾。';

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
});

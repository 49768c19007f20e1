import { readFile } from 'node:fs/promises';
import { ConverterFactory } from 'opencc-js/core';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import { describe, expect, it, vi } from 'vitest';
import {
  findMatches,
  foldScript,
  makeExcerpt,
  prepareQuery,
  searchTokens,
  tokenOccurs,
  indexWords,
  tokenizeForIndex,
} from '../../src/lib/search-text';
import { SEED_ARTICLE } from '../helpers/paths';

describe('script folding', () => {
  it('folds Traditional to Simplified, character for character', () => {
    expect(foldScript('害群之馬')).toBe('害群之马');
    expect(foldScript('教育整頓')).toBe('教育整顿');
    expect(foldScript('頑瘴痼疾')).toBe('顽瘴痼疾');
    expect(foldScript('臺灣高等法院')).toBe('台湾高等法院');
    expect(foldScript('已是简体 ABC')).toBe('已是简体 abc');
  });

  it('folds full-width ASCII forms, which Chinese text often uses, to ASCII', () => {
    expect(foldScript('２０２１年，ＡＢＣ－１')).toBe('2021年,abc-1');
    expect(findMatches('会议于２０２１年召开', ['2021'])).toEqual([[3, 7]]);
  });

  it('never changes the length, so offsets in folded text are offsets in the original', () => {
    const sample = '㗲㑯重慶市高級人民法院，𠵾戴軍「教育整頓」ÄBC';
    expect(foldScript(sample).length).toBe(sample.length);
  });

  it('folds every code unit, and every character of the dictionaries, as folding each Han character with opencc, then full-width forms, then capitals does', () => {
    // That chain of replacements, character by character, is what `foldScript` does in one pass.
    const converter = ConverterFactory([HKVariantsRev, TWVariantsRev], [TSCharacters]);
    const chained = (text: string) =>
      text
        .replace(/\p{Script=Han}/gu, (char) => {
          const converted = converter(char);
          return converted.length === char.length ? converted : char;
        })
        .replace(/[\uff01-\uff5e]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
        .replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
    // Every code unit, lone surrogates included (U+DBFF, U+DC00 make the one pair among them).
    const units = String.fromCharCode(...Array.from({ length: 0x10000 }, (_, unit) => unit));
    expect(foldScript(units)).toBe(chained(units));
    const dictionaries = [...new Set([HKVariantsRev, TWVariantsRev, TSCharacters].flatMap((dict) => dict.split('|').map((line) => line.split(' ')[0] ?? '')))].join('');
    expect(foldScript(dictionaries)).toBe(chained(dictionaries));
  });

  it('folds characters beyond the first plane, and leaves lone surrogates as they are', () => {
    // 𠁞 (U+2005E) folds to 𠀾 (U+2003E); \ud840 and \udc5e are its two halves, apart.
    expect(foldScript('𠁞')).toBe('𠀾');
    const text = 'Ａ𠁞馬\ud840Ｚ\udc5e馬\ud840';
    expect(foldScript(text)).toBe('a𠀾马\ud840z\udc5e马\ud840');
    // Each character folds alone, whatever is around it.
    expect(foldScript(`${text}${text}`)).toBe(`${foldScript(text)}${foldScript(text)}`);
    expect(foldScript('已是简体、不变。')).toBe('已是简体、不变。');
  });

  it('folds every Han character of its dictionaries as opencc’s converter does, one character at a time', () => {
    const converter = ConverterFactory([HKVariantsRev, TWVariantsRev], [TSCharacters]);
    const chars = new Set([HKVariantsRev, TWVariantsRev, TSCharacters].flatMap((dict) => dict.split('|').map((line) => line.split(' ')[0] ?? '')));
    const han = [...chars].filter((char) => /^\p{Script=Han}$/u.test(char));
    expect(han.length).toBeGreaterThan(3500);
    let folded = 0;
    for (const char of han) {
      const converted = converter(char);
      const expected = converted.length === char.length ? converted : char;
      expect(foldScript(char), char).toBe(expected);
      if (expected !== char) folded += 1;
    }
    expect(folded).toBeGreaterThan(3000);
    // And in running text, around characters it leaves alone.
    expect(foldScript(`甲${han.join('乙')}丙`)).toBe(`甲${han.map((char) => foldScript(char)).join('乙')}丙`);
  });
});

/** The words of the tokenized text, each once, without the closing words whose character starts a pair: what `indexWords` gives, made the slow way. */
function wordsOnce(text: string): string[] {
  const words = [...new Set(tokenizeForIndex(text).split(' '))];
  const pairStarts = new Set(words.filter((word) => /^z[0-9a-y][0-9a-z]{3}[0-9a-y][0-9a-z]{3}$/.test(word)).map((word) => word.slice(0, 5)));
  return words.filter((word) => !(/^z[0-9a-y][0-9a-z]{3}z$/.test(word) && pairStarts.has(word.slice(0, 5))));
}

describe('index tokens', () => {
  /** A character's code point as the index writes it: four base-36 digits. */
  const enc = (char: string) => (char.codePointAt(0) ?? 0).toString(36).padStart(4, '0');
  const pair = (a: string, b: string) => `z${enc(a)}${enc(b)}`;
  const closing = (char: string) => `z${enc(char)}z`;

  it('turns each Han run into encoded overlapping pairs and a closing word, other words split at punctuation', () => {
    expect(enc('马')).toBe('0ui4');
    expect(tokenizeForIndex('害群之马')).toBe([pair('害', '群'), pair('群', '之'), pair('之', '马'), closing('马')].join(' '));
    expect(tokenizeForIndex('3月5日,会议')).toBe(`3 ${closing('月')} 5 ${closing('日')} ${pair('会', '议')} ${closing('议')}`);
    expect(tokenizeForIndex('abc 2021 a_b')).toBe('abc 2021 a b');
  });

  it('writes every word in lowercase letters and digits alone, so that Pagefind indexes no parts of it', async () => {
    const text = `${await readFile(SEED_ARTICLE, 'utf8')} 害群之馬 ABC-1.5 「𠵾」 a_b covid_19 Zoo`;
    for (const word of indexWords(text).split(' ')) expect(word).toMatch(/^[a-z0-9]+$/);
  });

  it('finds full-width digits and letters, and capitals beyond ASCII, as a reader types them', () => {
    const indexed = indexWords('会议于２０２１年召开，ＣＯＶＩＤ，Ärger');
    for (const query of ['2021', '２０２１', 'covid', 'ärger', 'ÄRGER']) {
      for (const token of searchTokens(prepareQuery(query).search)) expect(tokenOccurs(indexed, token), `${query}: ${token}`).toBe(true);
    }
  });

  it('splits a query as the index splits text, at anything but letters, marks and digits', () => {
    expect(prepareQuery('co\u200bvid').search).toBe('co vid');
    expect(indexWords('co\u200bvid')).toBe('co vid');
  });

  it('puts a z before a word that starts with one, so that no word is taken for an encoded one', () => {
    expect(tokenizeForIndex('zoo Z1 马')).toBe(`zzoo zz1 ${closing('马')}`);
    expect(prepareQuery('zoo').search).toBe('zzoo');
    expect(prepareQuery('z').search).toBe('zz');
    expect(tokenOccurs(indexWords('动物园 zoo'), prepareQuery('zo').search)).toBe(true);
    expect(tokenOccurs(indexWords('动物园'), prepareQuery('z').search)).toBe(false);
    // Pagefind strips accents, so a word that starts with one on a z is marked too.
    expect(prepareQuery('Žal').search).toBe('zžal');
    expect(indexWords('Žal')).toBe('zžal');
  });

  it('folds Traditional text before tokenizing', () => {
    expect(tokenizeForIndex('害群之馬')).toBe(tokenizeForIndex('害群之马'));
  });

  it('indexes each word of a text once, in order of first occurrence', () => {
    const words = indexWords('教育整顿，教育整顿。Court court');
    expect(words.split(' ')).toEqual([...tokenizeForIndex('教育整顿').trim().split(' '), 'court']);
  });

  it('gives the words of the tokenized text, each once, without closing words a pair already starts', async () => {
    const text = `${await readFile(SEED_ARTICLE, 'utf8')} 害群之馬 ABC-1.5 「𠵾」 a_b`;
    const kept = wordsOnce(text);
    expect(kept.length).toBeLessThan(new Set(tokenizeForIndex(text).split(' ')).size);
    expect(indexWords(text)).toBe(kept.join(' '));
  });

  it('gives the same words whatever texts came before, however many characters they had', async () => {
    // Characters are numbered as they are first met: in one fresh copy of the module the text comes
    // first, in another after 20,000 other characters, more than fit the fast numbering.
    const text = '害群之马，𠵾戴军。教育整顿，㐀䶵';
    const many = String.fromCodePoint(...Array.from({ length: 20_000 }, (_, i) => 0x4e00 + ((i * 7919) % 20_000)));
    vi.resetModules();
    const first = await import('../../src/lib/search-text');
    const alone = first.indexWords(text);
    vi.resetModules();
    const later = await import('../../src/lib/search-text');
    const words = later.indexWords(`${many}，乙𠵾`).split(' ');
    expect(later.indexWords(text)).toBe(alone);
    expect(alone).toBe(wordsOnce(text).join(' '));
    expect(words).toEqual(wordsOnce(`${many}，乙𠵾`));
    expect(words).toHaveLength(20_000 - 1 + 1 + 1);
    expect(words.slice(-2)).toEqual([pair('乙', '𠵾'), closing('𠵾')]);
  });

  it('keeps a closing word only where no pair starts with its character', () => {
    expect(indexWords('害群之马').split(' ')).toContain(closing('马'));
    expect(indexWords('害群之马，马上').split(' ')).not.toContain(closing('马'));
    // Decided for each text alone, whatever texts came before.
    expect(indexWords('害群之马').split(' ')).toContain(closing('马'));
    expect(indexWords('3月5日').split(' ')).toEqual(['3', closing('月'), '5', closing('日')]);
  });

  it('still finds every piece of a bulletin a reader can type: each character and each stretch of two to six', async () => {
    const text = await readFile(SEED_ARTICLE, 'utf8');
    const indexed = indexWords(text);
    const han = [...foldScript(text).matchAll(/\p{Script=Han}+/gu)].map((run) => [...run[0]]);
    let queries = 0;
    for (const chars of han) {
      for (let at = 0; at < chars.length; at += 1) {
        for (let length = 1; length <= 6 && at + length <= chars.length; length += 1) {
          const query = chars.slice(at, at + length).join('');
          for (const token of searchTokens(prepareQuery(query).search)) expect(tokenOccurs(indexed, token), `${query}: ${token}`).toBe(true);
          queries += 1;
        }
      }
    }
    expect(queries).toBeGreaterThan(1000);
  });

  it('splits index words at punctuation as queries are split, so every query token is found as written', () => {
    const words = indexWords('（2021）年增长1.5%，COVID-19');
    expect(words.split(' ')).toEqual(expect.arrayContaining(['2021', '1', '5', 'covid', '19']));
    for (const query of ['2021', '1.5', 'covid-19']) {
      for (const token of searchTokens(prepareQuery(query).search)) expect(tokenOccurs(words, token), `${query}: ${token}`).toBe(true);
    }
  });
});

describe('queries', () => {
  it('asks for the pairs of each word, or for a lone character as the start of a word', () => {
    const enc = (text: string) => tokenizeForIndex(text).split(' ');
    expect(prepareQuery('害群之马')).toEqual({ terms: ['害群之马'], search: enc('害群之马').slice(0, 3).join(' ') });
    expect(prepareQuery('成渝').search).toBe(enc('成渝')[0]);
    expect(prepareQuery('马').search).toBe('z0ui4');
  });

  it('folds Traditional and full-width input, and splits at spaces and punctuation', () => {
    expect(prepareQuery('害群之馬')).toEqual(prepareQuery('害群之马'));
    const { terms, search } = prepareQuery('  戴军，政治部主任 ');
    expect(terms).toEqual(['戴军', '政治部主任']);
    expect(search.split(' ')).toHaveLength(1 + 4);
    expect(prepareQuery('ＡＢＣ 2021年').terms).toEqual(['abc', '2021年']);
    expect(prepareQuery('2021年').search).toBe('2021 z0ino');
  });

  it('tells a real match of a token from a shortened one', () => {
    const indexed = tokenizeForIndex('要坚持刀刃向内、刮骨疗毒，减存量 2021年');
    const token = (query: string) => prepareQuery(query).search;
    expect(tokenOccurs(indexed, token('刮骨'))).toBe(true);
    expect(tokenOccurs(indexed, token('毒'))).toBe(true);
    expect(tokenOccurs(indexed, token('量子'))).toBe(false);
    expect(tokenOccurs(indexed, token('2021'))).toBe(true);
    expect(searchTokens(prepareQuery('刮骨疗毒 2021').search)).toHaveLength(4);
  });

  it('gives an empty search for an empty or punctuation-only query', () => {
    expect(prepareQuery('  ，。 ').search).toBe('');
  });
});

describe('matches and excerpts', () => {
  it('finds every occurrence, in Traditional text too, merging overlaps', () => {
    expect(findMatches('清除害群之馬，清除害群之马', ['害群之马'])).toEqual([
      [2, 6],
      [9, 13],
    ]);
    expect(findMatches('教育整顿', ['教育', '育整'])).toEqual([[0, 3]]);
  });

  it('cuts a window around the first match and marks the matches', () => {
    const text = `${'前'.repeat(100)}坚决清除害群之马，彻底整治顽瘴痼疾${'后'.repeat(100)}`;
    const parts = makeExcerpt(text, ['害群之马', '顽瘴痼疾'], 40);
    expect(parts[0]).toEqual({ text: '…', marked: false });
    expect(parts.filter((p) => p.marked).map((p) => p.text)).toEqual(['害群之马', '顽瘴痼疾']);
    expect(parts.at(-1)).toEqual({ text: '…', marked: false });
    expect(parts.map((p) => p.text).join('').length).toBe(42);
  });

  it('shows the start of the text when nothing matches', () => {
    expect(makeExcerpt('短文本', ['无'], 40)).toEqual([{ text: '短文本', marked: false }]);
  });
});

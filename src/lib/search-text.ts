/**
 * How Chinese text becomes searchable, shared by the indexer (Node) and the search page (browser).
 *
 * Pagefind segments Chinese at index time with jieba but splits the query in the browser with
 * Intl.Segmenter (upstream issues #1237, #659), and its search matches Han characters one by one, so a
 * query for 巩固年 also finds a page with 巩固 in one place and 年 in another. Instead, index and query
 * are tokenized here, the same way, into words Pagefind sees as plain ASCII: every run of Han characters
 * becomes its overlapping character pairs, each pair written `z` + the two code points in base 36 (four
 * digits each), and the run is closed by `z` + its last character + `z`. So 害群之马 is indexed as the
 * pairs 害群 群之 之马 and the closing 马, and a query's pairs must all occur. A lone character is looked up
 * as the start of a word, which finds it everywhere (so an end is indexed only where no pair starts with
 * its character, see {@link indexWords}). Other words are indexed as they are, with a `z` put before
 * those that start with one, so that no such word is taken for an encoded one.
 *
 * An encoded word is made of lowercase letters and digits alone: Pagefind also indexes the parts of a
 * word with any other character in it (`_`, `-`, a capital letter inside) as words of their own, which
 * for encoded pairs were meaningless entries (a quarter of all entries, and about two fifths of
 * Pagefind's time, with the `_` marks used until 2026-11-28; docs/performance.md). The index is
 * written in language codes Pagefind neither segments nor stems (`und-x-…`, see `search-shards.ts`).
 * Traditional characters are folded to Simplified on both sides.
 */
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

/** An opencc dictionary's one-character entries (`src dst|src dst…`; a later entry for the same character wins, as in opencc's trie). */
function oneCharEntries(dict: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of dict.split('|')) {
    const [source = '', target = ''] = line.split(' ');
    if (source.length > 0 && source.length === String.fromCodePoint(source.codePointAt(0) ?? 0).length) entries.set(source, target);
  }
  return entries;
}

/**
 * The Han characters that fold to another, with what they fold to: character for character, Traditional
 * to Simplified with Taiwan and Hong Kong variants first, as opencc's converter does with the
 * dictionary groups [HKVariantsRev, TWVariantsRev] then [TSCharacters] (in a group the first dictionary
 * wins); a folding that would change the UTF-16 length is refused, so offsets stay aligned. Made from
 * the dictionaries (about 3,000 characters) when the module loads: on the search page that is part of
 * loading its script, as opencc's converter was, not of the first search (made there, it raised
 * Lighthouse's total blocking time on the search page from 70–130 ms to 120–220 ms, docs/performance.md). A unit test checks it against opencc's converter for every
 * character of the dictionaries.
 */
function foldingTable(): Map<string, string> {
  const variants = new Map([...oneCharEntries(TWVariantsRev), ...oneCharEntries(HKVariantsRev)]);
  const simplified = oneCharEntries(TSCharacters);
  const to = new Map<string, string>();
  for (const char of new Set([...variants.keys(), ...simplified.keys()])) {
    if (!/^\p{Script=Han}$/u.test(char)) continue;
    const variant = variants.get(char) ?? char;
    const folded = [...variant].map((c) => simplified.get(c) ?? c).join('');
    if (folded !== char && folded.length === char.length) to.set(char, folded);
  }
  return to;
}

/** How far full-width ASCII forms (`２０２１`, `ＡＢＣ`), which Chinese text often uses, lie from ASCII. */
const FULL_WIDTH_OFFSET = 0xfee0;

/** An ASCII capital's code unit, lowercased; any other, as it is. */
const lowerAscii = (code: number): number => (code >= 0x41 && code <= 0x5a ? code + 0x20 : code);

/**
 * What {@link foldScript} makes of each character, as tables: by UTF-16 code unit, the code unit it
 * becomes, or 0 if it stays (those that change: Han characters of the Basic Multilingual Plane,
 * full-width forms, ASCII capitals); and, by code point, what a character beyond that plane becomes (a
 * folding never changes the length, so both are two code units). One look-up for each code unit: three
 * regular expressions, replacing through callbacks, took 0.70–1.14 s over the 10,000 synthetic
 * bulletins against 95–212 ms (docs/performance.md, "Twenty-third session").
 */
function foldingCodes(): { units: Uint16Array; astral: Map<number, string> } {
  const units = new Uint16Array(0x10000);
  const astral = new Map<number, string>();
  for (const [char, folded] of foldingTable()) {
    if (char.length === 1) units[char.charCodeAt(0)] = folded.charCodeAt(0);
    else astral.set(char.codePointAt(0) ?? 0, folded);
  }
  for (let code = 0xff01; code <= 0xff5e; code += 1) units[code] = lowerAscii(code - FULL_WIDTH_OFFSET);
  for (let code = 0x41; code <= 0x5a; code += 1) units[code] = lowerAscii(code);
  return { units, astral };
}

const FOLDING = foldingCodes();

/**
 * Text as search compares it: Traditional folded to Simplified, full-width ASCII forms to ASCII and
 * ASCII letters lowercased, one character for one, so an offset in the result is the same offset in
 * `text`: `害群之馬` → `害群之马`, `２０２１年` → `2021年`.
 */
export function foldScript(text: string): string {
  const { units, astral } = FOLDING;
  let folded = '';
  /** Where the text not yet added to `folded` begins. */
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        const to = astral.get((unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000);
        if (to !== undefined) {
          folded += text.slice(from, i) + to;
          from = i + 2;
        }
        i += 1;
      }
      continue;
    }
    const to = units[unit] as number;
    if (to !== 0) {
      folded += text.slice(from, i) + String.fromCharCode(to);
      from = i + 1;
    }
  }
  return from === 0 ? text : folded + text.slice(from);
}

const HAN_RUN = /\p{Script=Han}+/gu;

/** Starts every encoded word, and closes a run. No character's base-36 code point starts with it (all are below 35 × 36³). */
const MARK = 'z';

/** More than there are Han characters in Unicode (about 100,000): a pair of them is kept as one number below HAN_IDS² (see {@link hanId}). */
const HAN_IDS = 0x20000;

/** The end of Unicode's plane 3: every block of Han characters is in planes 0, 2 and 3. */
const HAN_CODE_LIMIT = 0x40000;

/**
 * The Han characters met by {@link indexWords} so far, numbered in order of first meeting: each one's
 * number plus one, by code point (0 for one not met yet; a typed array of 1 MiB, made on first use in
 * the index process and in a search page that checks its results, is read faster than a map); the
 * encoding of each, by number; and, by number, the last text whose index words had a pair start with
 * it (see {@link indexWordList}).
 */
let hanIds: Int32Array | undefined;
const hanCodes: string[] = [];
const pairStartedIn: number[] = [];
/** How many texts {@link indexWordList} has begun, so that each has a number for {@link pairStartedIn}. */
let textsBegun = 0;

/**
 * The number of a Han character, by code point: characters are numbered in order of first meeting, so
 * that a pair, `first × HAN_IDS + second`, stays a number V8 keeps as a small integer rather than a
 * float in its own allocation while its first character was among the first 16,384 met in Node (below
 * 2³¹), the first 8,192 in Chrome (below 2³⁰; the 10,000 synthetic bulletins have 534 distinct ones);
 * beyond, the numbers are as right, only slower. The words do not depend on the numbers, only on the
 * code points. Building the words of those 10,000 bulletins took about 0.5 s less than with pairs
 * numbered by code point (docs/performance.md, "Index words made faster").
 */
function hanId(code: number): number {
  hanIds ??= new Int32Array(HAN_CODE_LIMIT);
  const known = code < HAN_CODE_LIMIT ? (hanIds[code] as number) : 0;
  if (known > 0) return known - 1;
  if (code >= HAN_CODE_LIMIT) throw new Error(`a Han character beyond Unicode's plane 3: U+${code.toString(16).toUpperCase()}`);
  const id = hanCodes.length;
  if (id >= HAN_IDS) throw new Error(`more distinct Han characters than HAN_IDS (${HAN_IDS}) allows, at U+${code.toString(16).toUpperCase()}`);
  hanCodes.push(encodeCode(code));
  pairStartedIn.push(0);
  hanIds[code] = id + 1;
  return id;
}

const encoded = new Map<number, string>();

/** A Han character's code point as index text: four base-36 digits (马, U+9A6C → `0ui4`). */
function encodeCode(code: number): string {
  let text = encoded.get(code);
  if (text === undefined) {
    text = code.toString(36).padStart(4, '0');
    encoded.set(code, text);
  }
  return text;
}

/** What a query for one Han character looks for: the start of its pairs and its closing word (马 → `z0ui4`). */
function loneCharWord(code: number): string {
  return `${MARK}${encodeCode(code)}`;
}

/** The index word of a pair of Han characters, by their encoded code points. */
const encodedPair = (first: string, second: string): string => `${MARK}${first}${second}`;

/** The index word that closes a run, by its last character's encoded code point. */
const encodedClosing = (last: string): string => `${MARK}${last}${MARK}`;

/** The index word of a pair of Han characters, by code point (害群 → `z0i430p7o`). */
function pairWord(first: number, second: number): string {
  return encodedPair(encodeCode(first), encodeCode(second));
}

/** The index word that closes a run with this character (马 → `z0ui4z`). */
function closingWord(last: number): string {
  return encodedClosing(encodeCode(last));
}

/**
 * A word that is not Han as an index word: itself in lowercase, with a `z` before it if it starts with
 * one once accents are stripped, as Pagefind strips them (`zoo` → `zzoo`, `Žal` → `zžal`).
 */
function plainWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.normalize('NFD').startsWith(MARK) ? `${MARK}${lower}` : lower;
}

/** A character's code point; 0 for none. */
const codeOf = (char: string | undefined): number => char?.codePointAt(0) ?? 0;

/** The overlapping pairs of a run of Han characters, encoded. */
function pairs(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i += 1) out.push(pairWord(codeOf(chars[i]), codeOf(chars[i + 1])));
  return out;
}

/** What separates index words: anything but letters, marks and digits. */
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/u;

/** The index words of text without Han characters: split at anything but letters, marks and digits, each as {@link plainWord} writes it. */
function plainWords(text: string): string[] {
  return text
    .split(NOT_WORD)
    .filter((word) => word.length > 0)
    .map(plainWord);
}

/** Every index word of a text, in order, repeats included: folded, each Han run as its pairs and closing word, other words split at punctuation (see {@link plainWord}). */
export function tokenizeForIndex(text: string): string {
  const folded = foldScript(text);
  const words: string[] = [];
  const addPlain = (plain: string) => words.push(...plainWords(plain));
  let done = 0;
  for (const run of folded.matchAll(HAN_RUN)) {
    addPlain(folded.slice(done, run.index));
    const chars = [...run[0]];
    words.push(...pairs(chars), closingWord(codeOf(chars[chars.length - 1])));
    done = run.index + run[0].length;
  }
  addPlain(folded.slice(done));
  return words.join(' ');
}

/**
 * The index words of the pairs and closing words met so far, by their numbers (see {@link indexWordList}):
 * each word's string is made once, however many texts hold it, and keeps the hash V8 computes for it,
 * so the index writer's lookups of it cost less (`integrations/search-chunks.ts`). It holds one
 * string for each distinct pair of the texts indexed by the process (or checked by the search page).
 */
const tokenWords = new Map<number, string>();

/** The index word of a pair (its number, at least 0) or of a closing word (minus its character's number plus one). */
function tokenWord(token: number): string {
  let word = tokenWords.get(token);
  if (word === undefined) {
    word =
      token >= 0
        ? encodedPair(hanCodes[Math.floor(token / HAN_IDS)] as string, hanCodes[token % HAN_IDS] as string)
        : encodedClosing(hanCodes[-token - 1] as string);
    tokenWords.set(token, word);
  }
  return word;
}

/**
 * The words a text is indexed under: its words (see {@link tokenizeForIndex}, split at punctuation, as
 * a query is: `（2021）` → `2021`, `1.5` → `1 5`), each once, in order of first occurrence. A run's
 * closing word is left out when the character also starts a pair elsewhere in the text: a
 * query for the lone character is looked up as the start of a word, which that pair already is, and no
 * other query uses closing words (about 7 % fewer words per bulletin, and Pagefind's time follows the
 * number of words). Pagefind is given no positions: excerpts and highlights are made by the site.
 */
export function indexWords(text: string): string {
  return indexWordList(text).join(' ');
}

/** {@link indexWords} as a list: the index writer also makes the index's chunks of them (`integrations/search-chunks.ts`). */
export function indexWordList(text: string): string[] {
  // The words of `tokenizeForIndex(text)` less those closing words, made without that string: this runs
  // on every bulletin. A pair is kept as a number until the end (two characters' numbers, HAN_IDS
  // apart, see hanId), a closing word as minus (its character's number plus one), so that the string
  // of a word that repeats (most pairs do) is made once (see tokenWord).
  const folded = foldScript(text);
  const tokens = new Set<number | string>();
  textsBegun += 1;
  const addPlain = (plain: string) => {
    for (const word of plainWords(plain)) tokens.add(word);
  };
  let done = 0;
  for (const run of folded.matchAll(HAN_RUN)) {
    addPlain(folded.slice(done, run.index));
    const chars = run[0];
    let previous = -1;
    for (let i = 0; i < chars.length; ) {
      const code = chars.codePointAt(i) ?? 0;
      i += code > 0xffff ? 2 : 1;
      const id = hanId(code);
      if (previous !== -1) {
        tokens.add(previous * HAN_IDS + id);
        pairStartedIn[previous] = textsBegun;
      }
      previous = id;
    }
    tokens.add(-previous - 1);
    done = run.index + chars.length;
  }
  addPlain(folded.slice(done));
  // Distinct tokens make distinct words: a plain word never starts as an encoded one does (see plainWord).
  const words: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') words.push(token);
    else if (token >= 0 || pairStartedIn[-token - 1] !== textsBegun) words.push(tokenWord(token));
  }
  return words;
}

/** A reader's query, prepared for Pagefind and for marking matches. */
export interface PreparedQuery {
  /** The folded words of the query, as they are looked for in text: `['害群之马', '戴军']`. */
  terms: string[];
  /** What Pagefind is asked: the encoded pairs of every term, all of which must occur; empty for an empty query. */
  search: string;
}

/** Splits a query into words at spaces and punctuation, folds them, and turns them into index tokens. */
export function prepareQuery(query: string): PreparedQuery {
  const terms = foldScript(query.normalize('NFKC'))
    .split(/[\s\p{P}\p{S}]+/u)
    .filter((term) => term.length > 0);
  const tokens = terms.flatMap((term) =>
    term
      .split(/(\p{Script=Han}+)/u)
      .filter((part) => part.length > 0)
      .flatMap((part) => (/\p{Script=Han}/u.test(part) ? queryTokens(part) : plainWords(part))),
  );
  return { terms: [...new Set(terms)], search: [...new Set(tokens)].join(' ') };
}

/** The separate tokens of a prepared search, each of which must occur in a result. */
export function searchTokens(search: string): string[] {
  return search.split(' ').filter((token) => token.length > 0);
}

/**
 * Whether `token` occurs, as Pagefind matches it (the start of a word), in text read from the index.
 * Pagefind quietly retries a token that occurs nowhere with its last character cut off, which would
 * match unrelated pages; checking a token's best hit with this tells a real match from such a retry.
 */
export function tokenOccurs(indexed: string, token: string): boolean {
  return indexed.split(/\s+/).some((word) => word.toLowerCase().startsWith(token));
}

/** A query run's pairs; a single character is looked up as the start of index words (`马`, `z0ui4`, finds 马上 and the closing 马). */
function queryTokens(run: string): string[] {
  const chars = [...run];
  return chars.length > 1 ? pairs(chars) : chars.map((char) => loneCharWord(codeOf(char)));
}

/** Where the terms occur in `text`, as sorted, non-overlapping [start, end) ranges of UTF-16 offsets. */
export function findMatches(text: string, terms: readonly string[]): [number, number][] {
  const folded = foldScript(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (term.length === 0) continue;
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) {
      ranges.push([at, at + term.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** A piece of an excerpt; `marked` pieces are matches of the query. */
export interface ExcerptPart {
  text: string;
  marked: boolean;
}

/**
 * A window of about `length` characters of `text` around the first match, split into plain and
 * marked parts. With no match, the start of the text. Ellipses show where text was cut.
 */
export function makeExcerpt(text: string, terms: readonly string[], length = 90): ExcerptPart[] {
  const matches = findMatches(text, terms);
  const first = matches[0];
  let start = first ? Math.max(0, first[0] - Math.floor(length / 3)) : 0;
  const end = Math.min(text.length, start + length);
  start = Math.max(0, Math.min(start, end - length));
  const parts: ExcerptPart[] = [];
  if (start > 0) parts.push({ text: '…', marked: false });
  let at = start;
  for (const [from, to] of matches) {
    if (to <= start || from >= end) continue;
    const markFrom = Math.max(from, start);
    const markTo = Math.min(to, end);
    if (markFrom > at) parts.push({ text: text.slice(at, markFrom), marked: false });
    parts.push({ text: text.slice(markFrom, markTo), marked: true });
    at = markTo;
  }
  if (end > at) parts.push({ text: text.slice(at, end), marked: false });
  if (end < text.length) parts.push({ text: '…', marked: false });
  return parts;
}

/**
 * patches/devalue+5.9.4.patch finds the characters devalue escapes in a string with a regular
 * expression instead of taking the string one character at a time, which made serializing Astro's
 * content store of Chinese bulletins about four times slower: its output must stay exactly devalue's
 * (it is also what Astro embeds in pages' scripts, where `<` and line separators must stay escaped).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'devalue';

const UTILS = new URL('../../node_modules/devalue/src/utils.js', import.meta.url);
// Not among the package's exports (nor typed): imported by path, as the patch is.
const { stringify_string } = (await import(UTILS.href)) as { stringify_string: (str: string) => string };

/** devalue 5.9.4's escaping before the patch, kept here as the reference. */
function referenceEscape(char: string): string {
  switch (char) {
    case '"':
      return '\\"';
    case '<':
      return '\\u003C';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\u2028':
      return '\\u2028';
    case '\u2029':
      return '\\u2029';
    default:
      return char < ' ' ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : '';
  }
}

function referenceStringify(str: string): string {
  let result = '';
  let last = 0;
  for (let i = 0; i < str.length; i += 1) {
    const replacement = referenceEscape(str[i] as string);
    if (replacement) {
      result += str.slice(last, i) + replacement;
      last = i + 1;
    }
  }
  return `"${last === 0 ? str : result + str.slice(last)}"`;
}

describe('the devalue patch', () => {
  it('is applied to the installed devalue', async () => {
    expect(await readFile(UTILS, 'utf8')).toContain('Patched by patches/devalue+5.9.4.patch');
  });

  it('escapes every character as devalue 5.9.4 did', () => {
    for (let code = 0; code < 0x10000; code += 1) {
      const char = String.fromCharCode(code);
      expect(stringify_string(char)).toBe(referenceStringify(char));
    }
  });

  it('writes whole strings as devalue 5.9.4 did', () => {
    const samples = [
      '',
      '最高人民法院关于“扫黑除恶”的通报',
      '<script>alert("x")</script>\\n</p>',
      'a\u2028b\u2029c\u0000d\u001fe\u007ff',
      '😀 𠮷 \ud800 \udfff',
      '\t\r\n\b\f"\\<',
    ];
    // Random strings drawn from the characters that matter and the ones around them.
    const alphabet = ['"', '<', '>', '\\', '\n', '\u0001', '\u2028', '\u2029', 'a', '院', '😀', '\ud83d', ' '];
    let state = 42;
    for (let n = 0; n < 500; n += 1) {
      let str = '';
      for (let i = 0; i < n % 40; i += 1) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        str += alphabet[state % alphabet.length];
      }
      samples.push(str);
    }
    for (const sample of samples) expect(stringify_string(sample)).toBe(referenceStringify(sample));
  });

  it('still gives what devalue parses back', () => {
    const value = { text: '“甲”<b>\u2028\\', list: ['乙', new Date(0)], map: new Map([['丙', '\n']]) };
    expect(parse(stringify(value))).toEqual(value);
  });
});

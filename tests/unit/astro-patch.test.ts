/**
 * patches/astro+7.3.5.patch makes Astro's chunked content store find its chunk ends by arithmetic
 * instead of encoding each character on its own (minutes at 100,000 bulletins): it must be applied by
 * `npm ci`, and cut every string exactly where Astro's own code does. (Its other part, no copy of each
 * rendered page in the cache folder, is tested by tests/build/incremental.test.ts.)
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// Not among Astro's exports: imported by path, as the patch is.
import { chunkString } from '../../node_modules/astro/dist/content/data-store-writer.js';

const WRITER = new URL('../../node_modules/astro/dist/content/data-store-writer.js', import.meta.url);
const INCREMENTAL = new URL('../../node_modules/astro/dist/core/build/incremental.js', import.meta.url);

/** Astro 7.3.5's chunking before the patch, kept here as the reference. */
function referenceChunks(str: string, maxBytes: number): string[] {
  const encoder = new TextEncoder();
  const chunks: string[] = [];
  let start = 0;
  while (start < str.length) {
    let index = start;
    let bytes = 0;
    while (index < str.length) {
      const charLength = (str.codePointAt(index) ?? 0) > 65535 ? 2 : 1;
      const charBytes = encoder.encode(str.slice(index, index + charLength)).length;
      if (bytes + charBytes > maxBytes && index > start) break;
      index += charLength;
      bytes += charBytes;
      if (bytes >= maxBytes) break;
    }
    chunks.push(str.slice(start, index));
    start = index;
  }
  return chunks;
}

/** Characters at every boundary of UTF-8 lengths and of surrogates, lone ones included. */
const ALPHABET = ['a', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '法', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', '😀', '𠵾', '\n'];

/** A deterministic pseudo-random string of `length` pieces of the alphabet. */
function randomString(seed: number, length: number): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out += ALPHABET[state % ALPHABET.length];
  }
  return out;
}

describe("the patch to Astro's chunked content store", () => {
  it('is applied to the installed Astro', async () => {
    expect(await readFile(WRITER, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
    // Its other part: no copy of each rendered page in the cache folder (tests/build/incremental.test.ts).
    expect(await readFile(INCREMENTAL, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
  });

  it('cuts strings where Astro 7.3.5 does', () => {
    const samples = [
      '',
      'plain ASCII text',
      '重庆市高级人民法院召开教育整顿动员部署会',
      'emoji 😀😀 and 𠵾 outside the BMP',
      'lone high \ud800 then text',
      'lone low \udc00 here',
      'ends with a lone high \ud800',
      '\udbff\udbff\udfff',
      ...Array.from({ length: 200 }, (_, seed) => randomString(seed + 1, 1 + (seed % 60))),
    ];
    for (const sample of samples) {
      for (const maxBytes of [1, 2, 3, 4, 5, 7, 16, 1000]) {
        expect(chunkString(sample, maxBytes), JSON.stringify({ sample, maxBytes })).toEqual(referenceChunks(sample, maxBytes));
      }
    }
  });
});

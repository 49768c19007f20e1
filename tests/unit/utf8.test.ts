/** UTF-8 decoding through ICU (`src/lib/utf8.ts`): the very strings V8's decoder gives, for any bytes. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readUtf8File } from '../../src/lib/utf8';
import { SEED_ARTICLE } from '../helpers/paths';

/** What V8's decoder makes of `bytes`. */
const v8Decoded = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

describe('decodeUtf8', () => {
  it('decodes the seed article as V8 does', () => {
    const bytes = readFileSync(SEED_ARTICLE);
    const text = decodeUtf8(bytes);
    expect(text).toBe(v8Decoded(bytes));
    expect(text).toContain('重庆市法院');
  });

  it('keeps a byte order mark, characters beyond the first plane, and NUL', () => {
    for (const text of ['\uFEFF重庆市高级人民法院', '𠀀𪚥 法院 😀', 'a\u0000中b', '中', '']) {
      expect(decodeUtf8(Buffer.from(text))).toBe(text);
    }
  });

  it('decodes a view into a larger buffer, not the whole buffer', () => {
    const whole = Buffer.from('前缀教育整顿后缀');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 6, whole.byteLength - 12);
    expect(decodeUtf8(view)).toBe('教育整顿');
  });

  it('replaces invalid UTF-8 as V8 does', () => {
    const cases = [
      [0xe4, 0xb8], // a character cut short
      [0x61, 0xe4, 0xb8, 0x62, 0xe4, 0xb8, 0xad], // cut short, then whole
      [0x80, 0xe4, 0xb8, 0xad], // a lone continuation byte
      [0xc0, 0xaf, 0xe4, 0xb8, 0xad], // an overlong form
      [0xed, 0xa0, 0x80, 0xe4, 0xb8, 0xad], // an encoded surrogate
      [0xf4, 0x90, 0x80, 0x80, 0xe4, 0xb8, 0xad], // beyond U+10FFFF
      [0xff, 0xfe, 0xe4, 0xb8, 0xad],
    ];
    for (const bytes of cases) expect(decodeUtf8(Uint8Array.from(bytes))).toBe(v8Decoded(Uint8Array.from(bytes)));
  });

  it('decodes mixtures of Chinese, ASCII and stray bytes as V8 does', () => {
    // A fixed pseudo-random sequence: the same cases every run.
    let state = 42;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = [Buffer.from('法院'), Buffer.from('<p>'), Buffer.from('😀'), Buffer.from([0xe4]), Buffer.from([0x80]), Buffer.from('a')];
    for (let i = 0; i < 500; i += 1) {
      const bytes = Buffer.concat(Array.from({ length: 1 + Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)] as Buffer));
      expect(decodeUtf8(bytes)).toBe(v8Decoded(bytes));
    }
  });
});

describe('readUtf8File', () => {
  it('gives the text readFileSync gives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-utf8-'));
    try {
      const file = join(dir, 'a.md');
      await writeFile(file, Buffer.concat([Buffer.from('---\ntitle: 法院\n---\n'), Buffer.from([0xe4, 0xb8])]));
      expect(readUtf8File(file)).toBe(readFileSync(file, 'utf8'));
      expect(readUtf8File(SEED_ARTICLE)).toBe(readFileSync(SEED_ARTICLE, 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

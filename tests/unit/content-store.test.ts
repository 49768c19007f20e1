import { describe, expect, it } from 'vitest';
import { contentStorage, MAX_STRING_LENGTH, SINGLE_FILE_SHARE, STORE_CHARS_PER_SOURCE_CHAR } from '../../src/lib/content-store';

describe('contentStorage', () => {
  it('keeps the store in one file for archives far from the string limit', () => {
    expect(contentStorage(0)).toBe('single-file');
    // 10,000 synthetic bulletins: 23.7 million characters of source.
    expect(contentStorage(23_740_297)).toBe('single-file');
  });

  it('cuts the store into chunks past an eighth of the longest string (about 19,000 bulletins)', () => {
    expect(SINGLE_FILE_SHARE).toBe(1 / 8);
    const limit = (MAX_STRING_LENGTH * SINGLE_FILE_SHARE) / STORE_CHARS_PER_SOURCE_CHAR;
    expect(contentStorage(Math.floor(limit))).toBe('single-file');
    expect(contentStorage(Math.ceil(limit))).toBe('chunked');
    // 100,000 synthetic bulletins (about 237 million characters), whose single-file store failed to bundle
    // when Vite bundled it, and would be 320 million characters.
    expect(contentStorage(237_000_000)).toBe('chunked');
  });

  it('estimates the store above what was measured, so the estimate errs towards chunks', () => {
    // Measured: 31,838,406 characters of store for 23,740,297 of source.
    expect(STORE_CHARS_PER_SOURCE_CHAR).toBeGreaterThan(31_838_406 / 23_740_297);
  });
});

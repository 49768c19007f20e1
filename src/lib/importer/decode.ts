/** Turns the bytes of a raw bulletin file into text: UTF-8 (with or without BOM), or GBK/GB18030, or a clear refusal. */

/** The outcome of decoding one file. */
export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'gb18030' } | { ok: false; reason: string };

/** Bytes that never occur in text: NUL and most C0 controls (tab, newline, carriage return, form feed are fine). */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls += 1;
  }
  return controls > sample.length / 100;
}

/**
 * Decodes a bulletin file. UTF-8 is tried strictly first; Chinese text that is not UTF-8 is most often
 * GBK, read here as GB18030 (its superset). Text that decodes as neither, or has binary bytes, is refused.
 */
export function decodeBulletin(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (looksBinary(bytes)) return { ok: false, reason: 'the file is not text (it contains binary bytes)' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text, encoding: 'utf-8' };
  } catch {
    // Not UTF-8: try the Chinese national encoding.
  }
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    if (/\p{Script=Han}/u.test(text)) return { ok: true, text, encoding: 'gb18030' };
  } catch {
    // Neither.
  }
  return { ok: false, reason: 'the file is neither UTF-8 nor GBK/GB18030 text' };
}

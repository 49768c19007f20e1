/**
 * UTF-8 decoding that is fast on Chinese text. V8's own decoder (`buffer.toString('utf8')`,
 * `readFileSync(file, 'utf8')`, `TextDecoder`) reads ASCII fast but Chinese at about 110 MB/s, while
 * ICU's converter (`buffer.transcode`) turns valid UTF-8 into UTF-16 four to five times as fast: 0.4 s
 * instead of 1.8 s for the 23,700 pages of 10,000 bulletins (docs/performance.md). ASCII and invalid
 * UTF-8 are left to V8, so that every text decodes to the very string it did before, and so is every
 * text where Node was built without ICU (`transcode` is then missing).
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { readFileSync } from 'node:fs';

/** `bytes` decoded as UTF-8, exactly as `Buffer.from(bytes).toString('utf8')` decodes them. */
export function decodeUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (typeof transcode !== 'function' || isAscii(buffer) || !isUtf8(buffer)) return buffer.toString('utf8');
  return transcode(buffer, 'utf8', 'utf16le').toString('utf16le');
}

/** The text of the file at `path`, as `readFileSync(path, 'utf8')` gives it. */
export function readUtf8File(path: string): string {
  return decodeUtf8(readFileSync(path));
}

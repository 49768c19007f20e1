/**
 * Writing files of a Pagefind shard in Pagefind's format: the result fragments (`search-fragments.ts`),
 * the word index chunks (`search-chunks.ts`), the filters and the metadata (`search-meta.ts`), each
 * named by a digest of its contents as Pagefind names it, compressed, and encoded (the binary ones) as
 * CBOR ({@link CborWriter}). Where Pagefind writes a shard itself (see `search-meta.ts`), the site's
 * fragments and chunks are written first: Pagefind leaves alone a file of a name that is there already,
 * so it compresses none of them; should it name them otherwise, it writes its own files beside them,
 * which {@link holdsJust} shows.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, type ZlibOptions } from 'node:zlib';
import { turnNowAndThen } from './turns';

/** What each of Pagefind's files starts with once decompressed. */
export const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/**
 * Pagefind's digest of a file's contents (its `full_hash`): the SHA-1, written byte by byte in
 * hexadecimal without leading zeros. Its files are named by the first seven digits of it.
 */
export function fullHash(contents: string | Buffer): string {
  let hash = '';
  for (const byte of createHash('sha1').update(contents).digest()) hash += byte.toString(16);
  return hash;
}

/** Orders strings as Rust orders them, by their UTF-8 bytes (not as JavaScript does, by UTF-16 units): Pagefind's order of metadata, filters and values. */
export function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Puts the file `source` at `target` as a hard link, or as a copy where links cannot be made (another file system). */
export function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/** Compressed as Pagefind compresses its files: at the highest level. */
export const PAGEFIND_GZIP = { level: 9 };

/** A file of a shard: its name, and its contents after {@link PAGEFIND_SIGNATURE}, before compression. */
export interface ShardFileContents {
  file: string;
  contents: string | Buffer;
}

/** A file's bytes as Pagefind writes them: its signature and `contents`, compressed with `gzip`. */
export function pagefindFile(contents: string | Buffer, gzip: ZlibOptions): Buffer {
  return gzipSync(Buffer.concat([Buffer.from(PAGEFIND_SIGNATURE), typeof contents === 'string' ? Buffer.from(contents) : contents]), gzip);
}

/**
 * Writes `files` into the folder `subfolder` of the shard folder `folder`, each as {@link pagefindFile}
 * makes it; gives the names written. Synchronously (Node's asynchronous file calls took more processor
 * time, docs/performance.md), a few dozen at a time with turns in between, so that the index process
 * can meanwhile take the pages Astro hands over.
 */
export async function writeShardFiles(folder: string, subfolder: string, files: readonly ShardFileContents[], gzip: ZlibOptions): Promise<Set<string>> {
  const into = join(folder, subfolder);
  mkdirSync(into, { recursive: true });
  for (const [i, { file, contents }] of files.entries()) {
    writeFileSync(join(into, file), pagefindFile(contents, gzip));
    await turnNowAndThen(i);
  }
  return new Set(files.map(({ file }) => file));
}

/**
 * Whether the folder `subfolder` of the shard folder `folder` holds just `files`: Pagefind named every
 * file there as the site did when writing them ahead of it. (Were Pagefind's files fewer, all among
 * the site's, the rest would be files no search loads; the site's chunks and fragments each cover all
 * of a shard's words and pages, so that cannot happen while the names are digests of the contents.)
 */
export function holdsJust(folder: string, subfolder: string, files: ReadonlySet<string>): boolean {
  const found = readdirSync(join(folder, subfolder));
  return found.length === files.size && found.every((file) => files.has(file));
}

/**
 * Writes CBOR (RFC 8949) of the shapes Pagefind's files have (arrays, integers, text), into a buffer
 * that grows as needed, each value in the fewest bytes, as Pagefind's encoder writes it. A generic
 * encoder needs an index chunk made as arrays first: for one shard of 1,000 bulletins, making them and
 * encoding them with cborg took 0.9–1.2 s, writing the bytes directly under 0.1 s (docs/performance.md).
 */
export class CborWriter {
  #bytes = Buffer.allocUnsafe(1 << 16);
  #length = 0;

  #room(bytes: number): void {
    if (this.#length + bytes <= this.#bytes.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#length + bytes));
    this.#bytes.copy(larger, 0, 0, this.#length);
    this.#bytes = larger;
  }

  /** A head: the major type and its argument, in the fewest bytes (as Pagefind's encoder writes it). */
  head(major: number, argument: number): void {
    this.#room(5);
    const type = major << 5;
    if (argument < 24) this.#bytes[this.#length++] = type | argument;
    else if (argument < 0x100) {
      this.#bytes[this.#length++] = type | 24;
      this.#bytes[this.#length++] = argument;
    } else if (argument < 0x10000) {
      this.#bytes[this.#length++] = type | 25;
      this.#length = this.#bytes.writeUInt16BE(argument, this.#length);
    } else {
      this.#bytes[this.#length++] = type | 26;
      this.#length = this.#bytes.writeUInt32BE(argument, this.#length);
    }
  }

  array(length: number): void {
    this.head(4, length);
  }

  /** An array of `items`, each written by `item`. */
  list<T>(items: readonly T[], item: (value: T, index: number) => void): void {
    this.array(items.length);
    for (const [index, value] of items.entries()) item(value, index);
  }

  integer(value: number): void {
    if (value >= 0) this.head(0, value);
    else this.head(1, -1 - value);
  }

  text(value: string): void {
    const bytes = Buffer.byteLength(value);
    this.head(3, bytes);
    this.#room(bytes);
    this.#length += this.#bytes.write(value, this.#length);
  }

  /** What was written since the last call, as a buffer of its own. */
  take(): Buffer {
    const written = Buffer.from(this.#bytes.subarray(0, this.#length));
    this.#length = 0;
    return written;
  }
}

/**
 * patches/astro+7.3.5.patch makes Astro's chunked content store find its chunk ends by arithmetic
 * instead of encoding each character on its own (minutes at 100,000 bulletins): it must be applied by
 * `npm ci`, and cut every string exactly where Astro's own code does. It also spares a build:
 * - writing the content store when nothing in it changed, and reading the old store to compare when its
 *   size already differs;
 * - the glob loader parsing the frontmatter of a file whose contents did not change, reading again a
 *   file that is still the one it last read (same inode, size, modification and change times), and
 *   reading files through Node's slower asynchronous calls;
 * - writing each rendered page through those calls, or in its own thread: a worker thread writes them,
 *   sent to it sixteen to a message;
 * - decoding Chinese files and encoding pages with V8's slower UTF-8 code: ICU's converter does it;
 * - looking for each page's file in the public folder: the folder is listed once per build;
 * - taking an output folder beside the project, its name begun with the project's, for one within it
 *   (where the prerender bundle could not import the project's packages);
 * - reading each rendered page's body back, twice, and copying it: the bytes go with the response;
 * - rendering every page again when an environment variable changed (the actions runtime, below);
 * - serializing again, in the chunked store, the entries read from it and not set since, and measuring
 *   character by character the records that fit in a part whole;
 * - hashing, encoding and comparing again the parts of the chunked store that are the parts it read;
 * - decoding the chunked store's parts in Astro's thread: a worker thread reads them ahead, while the
 *   configuration hooks run;
 * - reading back the content store it has just synced: the sync of a build hands it to the pages
 *   (src/integrations/synced-store.ts, whose module stops the build without it, so every build test
 *   checks it).
 * - logging two pieces of a line for every page rendered: one line each for the slow ones, those without
 *   a file and every thousandth (tests/build/site.test.ts).
 * (Its other parts, no copy of each rendered page in the cache folder and one log line for all the
 * pages left in place, are tested by tests/build/incremental.test.ts, which also builds again with an
 * environment variable changed.)
 */
import { createHash } from 'node:crypto';
import nodeFs, { existsSync, promises as fs } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderedBytes } from '../../src/integrations/search-index';
import { SYNCED_STORE_KEY } from '../../src/integrations/synced-store';
import { responseWithBytes } from '../helpers/rendered-bytes';
// Not among Astro's exports: imported by path, as the patch is.
import * as devalue from 'devalue';
import { ChunkedWriter, chunkString, writeFileAtomic } from '../../node_modules/astro/dist/content/data-store-writer.js';
import { glob } from '../../node_modules/astro/dist/content/loaders/glob.js';
import * as dataStore from '../../node_modules/astro/dist/content/data-store.js';
import * as mutableStore from '../../node_modules/astro/dist/content/mutable-data-store.js';
import * as generate from '../../node_modules/astro/dist/core/build/generate.js';

// Added by the patch, so not in Astro's types.
const { forgetEntryRecords } = dataStore as unknown as { forgetEntryRecords: () => void };
const { MutableDataStore } = mutableStore;
const { readChunkedStoreAhead } = mutableStore as unknown as { readChunkedStoreAhead: (dir: URL) => Promise<Map<string, unknown>> };
type MutableDataStore = InstanceType<typeof MutableDataStore>;
const { PageWriter } = generate as unknown as {
  PageWriter: new () => { write: (folder: URL, file: URL, body: Uint8Array | string) => Promise<void>; close: () => Promise<void> };
};

const WRITER = new URL('../../node_modules/astro/dist/content/data-store-writer.js', import.meta.url);
const STORE = new URL('../../node_modules/astro/dist/content/mutable-data-store.js', import.meta.url);
const GLOB = new URL('../../node_modules/astro/dist/content/loaders/glob.js', import.meta.url);
const INCREMENTAL = new URL('../../node_modules/astro/dist/core/build/incremental.js', import.meta.url);
const GENERATE = new URL('../../node_modules/astro/dist/core/build/generate.js', import.meta.url);
const DATA_STORE = new URL('../../node_modules/astro/dist/content/data-store.js', import.meta.url);
const SYNC = new URL('../../node_modules/astro/dist/core/sync/index.js', import.meta.url);
const BUILD = new URL('../../node_modules/astro/dist/core/build/index.js', import.meta.url);

/**
 * Astro 7.3.5's `getChunkEnd` before the patch, kept here as the reference: where a piece of `str` from
 * `start` of at most `maxBytes` ends (one character at least), and its bytes.
 */
function referenceChunkEnd(str: string, start: number, maxBytes: number): { end: number; bytes: number } {
  const encoder = new TextEncoder();
  let end = start;
  let bytes = 0;
  while (end < str.length) {
    const charLength = (str.codePointAt(end) ?? 0) > 65535 ? 2 : 1;
    const charBytes = encoder.encode(str.slice(end, end + charLength)).length;
    if (bytes + charBytes > maxBytes && end > start) break;
    end += charLength;
    bytes += charBytes;
    if (bytes >= maxBytes) break;
  }
  return { end, bytes };
}

/** Astro 7.3.5's chunking before the patch, kept here as the reference. */
function referenceChunks(str: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < str.length; ) {
    const { end } = referenceChunkEnd(str, start, maxBytes);
    chunks.push(str.slice(start, end));
    start = end;
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
    expect(await readFile(STORE, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
    expect(await readFile(GLOB, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
    // Its other part: no copy of each rendered page in the cache folder (tests/build/incremental.test.ts).
    expect(await readFile(INCREMENTAL, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
    expect(await readFile(GENERATE, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
    expect(await readFile(DATA_STORE, 'utf8')).toContain('Patched by patches/astro+7.3.5.patch');
    expect(await readFile(SYNC, 'utf8')).toContain(`globalThis[Symbol.for("${SYNCED_STORE_KEY}")] = store`);
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

/** The paths `fs.promises.readFile` is asked for from now on (until `vi.restoreAllMocks()`). */
function spyOnReads(): string[] {
  const reads: string[] = [];
  const original = fs.readFile.bind(fs);
  vi.spyOn(fs, 'readFile').mockImplementation(((path: Parameters<typeof fs.readFile>[0], ...rest: unknown[]) => {
    reads.push(String(path));
    return (original as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFile);
  return reads;
}

describe("the patch to Astro's content store writes", () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes a file only when its contents change, reading the old one only when the sizes are equal', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const file = join(dir, 'data-store.json');
    expect(await writeFileAtomic(file, '教育整顿')).toBe(true);
    const reads = spyOnReads();
    expect(await writeFileAtomic(file, '教育整顿')).toBe(false);
    expect(reads).toEqual([file]);
    // The same length in UTF-16 units, another in bytes: written without reading the old file.
    expect(await writeFileAtomic(file, 'abcd')).toBe(true);
    expect(reads).toEqual([file]);
    expect(await readFile(file, 'utf8')).toBe('abcd');
    // The same length in bytes, other bytes: read, compared and written.
    expect(await writeFileAtomic(file, 'abce')).toBe(true);
    expect(reads).toEqual([file, file]);
    expect(await readFile(file, 'utf8')).toBe('abce');
  });

  it('does not write the store again when a meta value is set to what it already is', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const file = pathToFileURL(join(dir, 'data-store.json'));
    const first = await MutableDataStore.fromFile(file);
    first.metaStore().set('astro-version', '7.3.5');
    await first.waitUntilSaveComplete();
    const written = await readFile(file, 'utf8');
    expect(written).toContain('7.3.5');

    // As every sync does: the store is loaded and the same values set again.
    const store = await MutableDataStore.fromFile(file);
    const reads = spyOnReads();
    store.metaStore().set('astro-version', '7.3.5');
    await store.waitUntilSaveComplete();
    // Unpatched, the store is serialized and the old file read back to compare (then left as it was).
    expect(reads.filter((path) => path === fileURLToPath(file) || path === file.href)).toEqual([]);

    // A changed value is still written.
    store.metaStore().set('astro-version', '7.3.6');
    await store.waitUntilSaveComplete();
    expect(await readFile(file, 'utf8')).toContain('7.3.6');

    // So is an unchanged one when the store's file is gone.
    await rm(file);
    store.metaStore().set('astro-version', '7.3.6');
    await store.waitUntilSaveComplete();
    expect(await readFile(file, 'utf8')).toContain('7.3.6');
  });
});

/**
 * The parts Astro 7.3.5's `ChunkedWriter` cuts from `records` (each entry's serialized line, in order)
 * for parts of `maxBytes`: its loop as it was before the patch, kept here as the reference.
 */
function referenceParts(records: readonly string[], maxBytes: number): string[] {
  const parts: string[] = [];
  let part = '';
  let partBytes = 0;
  for (const record of records) {
    for (let start = 0; start < record.length; ) {
      const { end, bytes } = referenceChunkEnd(record, start, maxBytes - partBytes);
      part += record.slice(start, end);
      partBytes += bytes;
      start = end;
      if (partBytes >= maxBytes) {
        parts.push(part);
        part = '';
        partBytes = 0;
      }
    }
  }
  if (part) parts.push(part);
  return parts;
}

/** The parts of the chunked store in `dir`, in the manifest's order, for each collection. */
async function storeParts(dir: string): Promise<Record<string, string[]>> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, string[]>;
  const parts: Record<string, string[]> = {};
  for (const [name, files] of Object.entries(manifest)) parts[name] = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return parts;
}

describe("the patch to Astro's chunked content store writes", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('cuts the parts where Astro 7.3.5 does, records whole or across parts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const entries = Array.from({ length: 40 }, (_, i) => [`id-${String(i).padStart(2, '0')}`, { data: { text: randomString(i + 7, i % 13) } }] as const);
    const records = entries.map((entry) => `${devalue.stringify(entry)}\n`);
    const bytes = records.map((record) => Buffer.byteLength(record));
    // Parts filled exactly by one record and by two, as well as cut across records.
    for (const maxBytes of [1, 5, 40, 64, 100, 1000, 100_000, bytes[0] as number, (bytes[0] as number) + (bytes[1] as number)]) {
      const folder = join(dir, String(maxBytes));
      await mkdir(folder);
      await new ChunkedWriter(pathToFileURL(`${folder}/`), maxBytes).write(new Map([['articles', new Map(entries)]]));
      // As written to a file: a lone surrogate becomes U+FFFD.
      const written = referenceParts(records, maxBytes).map((part) => Buffer.from(part).toString());
      expect((await storeParts(folder)).articles, String(maxBytes)).toEqual(written);
    }
  });

  it('writes an entry read from the store and not set since as the text it was read from', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const folder = pathToFileURL(`${dir}/`);
    // Records as devalue would not write them (spaces), so that a record serialized again shows.
    const record = (id: string, entry: unknown) => devalue.stringify([id, entry]).replaceAll(',', ' , ');
    const [kept, moved, changed] = [record('kept', { data: 2 }), record('moved', { data: 3 }), record('changed', { data: 4 })];
    await writeFile(join(dir, 'part.txt'), `${kept}\n${moved}\n${changed}\n`);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ articles: ['part.txt'] }));
    const store = await MutableDataStore.fromDir(folder, 1000, console);
    expect(store.get('articles', 'kept')).toEqual({ data: 2 });
    // The same object under another id, and a new object for an entry set again: both serialized.
    const articles = store.collections().get('articles') as Map<string, unknown>;
    articles.set('renamed', articles.get('moved'));
    articles.delete('moved');
    articles.set('changed', { data: 5 });
    await new ChunkedWriter(folder, 1000).write(store.collections());
    expect((await storeParts(dir)).articles?.join('')).toBe(
      `${devalue.stringify(['changed', { data: 5 }])}\n${kept}\n${devalue.stringify(['renamed', { data: 3 }])}\n`,
    );
    // What was written reads back as it was set.
    const again = await MutableDataStore.fromDir(folder, 1000, console);
    expect([...(again.collections().get('articles') as Map<string, unknown>)]).toEqual([
      ['changed', { data: 5 }],
      ['kept', { data: 2 }],
      ['renamed', { data: 3 }],
    ]);
  });

  it('serializes anew an entry changed in place and set again, and every entry once the texts are forgotten', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const folder = pathToFileURL(`${dir}/`);
    const record = (id: string, entry: unknown) => devalue.stringify([id, entry]).replaceAll(',', ' , ');
    await writeFile(join(dir, 'part.txt'), `${record('a', { data: 1 })}\n${record('b', { data: 2 })}\n`);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ articles: ['part.txt'] }));
    const store = await MutableDataStore.fromDir(folder, 1000, console);
    const a = store.get('articles', 'a') as { data: number };
    a.data = 10;
    store.set('articles', 'a', a);
    await store.waitUntilSaveComplete();
    expect((await storeParts(dir)).articles?.join('')).toBe(`${devalue.stringify(['a', { data: 10 }])}\n${record('b', { data: 2 })}\n`);
    // As the sync of a build does once the store is written for the last time.
    forgetEntryRecords();
    await new ChunkedWriter(folder, 1000).write(store.collections());
    expect((await storeParts(dir)).articles?.join('')).toBe(`${devalue.stringify(['a', { data: 10 }])}\n${devalue.stringify(['b', { data: 2 }])}\n`);
  });
});

describe("the patch to Astro's chunked content store keeps the parts it read", () => {
  let dir: string | undefined;
  afterEach(async () => {
    forgetEntryRecords();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** Records of the same length (27 bytes), so that the parts hold as many of them whatever is removed. */
  const entry = (i: number) => [`id-${String(i).padStart(2, '0')}`, { n: 10 + i }] as const;
  const PART_BYTES = 30;

  /**
   * A store of `ids` written as Astro writes it, its parts then renamed `read-<n>.txt`: names no writer
   * gives, so that a part kept from the read shows by its name. Gives the store read back.
   */
  async function renamedStore(ids: readonly number[]): Promise<MutableDataStore> {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const folder = pathToFileURL(`${dir}/`);
    await new ChunkedWriter(folder, PART_BYTES).write(new Map([['articles', new Map(ids.map(entry))]]));
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { articles: string[] };
    const renamed = await Promise.all(
      manifest.articles.map(async (file, n) => {
        await fs.rename(join(dir as string, file), join(dir as string, `read-${n}.txt`));
        return `read-${n}.txt`;
      }),
    );
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ articles: renamed }));
    return MutableDataStore.fromDir(folder, PART_BYTES, console);
  }

  /** The files the manifest names, once checked that the parts are those Astro 7.3.5 cuts from the records of `entries`. */
  async function written(entries: readonly (readonly [string, unknown])[]): Promise<string[]> {
    const records = entries.map((e) => `${devalue.stringify(e)}\n`);
    expect((await storeParts(dir as string)).articles).toEqual(referenceParts(records, PART_BYTES));
    return (JSON.parse(await readFile(join(dir as string, 'manifest.json'), 'utf8')) as { articles: string[] }).articles;
  }

  it('keeps the files of the parts before a new entry, and writes the rest', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const store = await renamedStore(ids);
    expect((await written(ids.map(entry))).length).toBe(11);
    store.set('articles', entry(12)[0], entry(12)[1]);
    await store.waitUntilSaveComplete();
    const files = await written([...ids, 12].map(entry));
    // The new record begins at byte 324, in the eleventh part (300–330).
    expect(files.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, n) => `read-${n}.txt`));
    expect(files.slice(10).some((file) => file.startsWith('read-'))).toBe(false);
  });

  it('writes every part from the first one an entry left, even where each holds as many records and bytes', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const store = await renamedStore(ids);
    // Record 5 began in the fifth part (bytes 120–150, the record 135–162): from there on each part holds
    // as many records as before, and as many bytes, but not the same ones.
    store.delete('articles', entry(5)[0]);
    await store.waitUntilSaveComplete();
    const files = await written(ids.filter((i) => i !== 5).map(entry));
    expect(files.slice(0, 4)).toEqual(['read-0.txt', 'read-1.txt', 'read-2.txt', 'read-3.txt']);
    expect(files.slice(4).some((file) => file.startsWith('read-'))).toBe(false);
  });

  it('writes every part from the first one an entry moved to another id left, the entry in the same place', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const store = await renamedStore(ids);
    const articles = store.collections().get('articles') as Map<string, unknown>;
    const moved = articles.get('id-05');
    articles.delete('id-05');
    articles.set('id-05a', moved);
    await new ChunkedWriter(pathToFileURL(`${dir}/`), PART_BYTES).write(store.collections());
    const files = await written(ids.map((i) => (i === 5 ? (['id-05a', moved] as const) : entry(i))));
    expect(files.slice(0, 4)).toEqual(['read-0.txt', 'read-1.txt', 'read-2.txt', 'read-3.txt']);
    expect(files.slice(4).some((file) => file.startsWith('read-'))).toBe(false);
  });

  it('keeps no part once the texts are forgotten', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const store = await renamedStore(ids);
    forgetEntryRecords();
    await new ChunkedWriter(pathToFileURL(`${dir}/`), PART_BYTES).write(store.collections());
    expect((await written(ids.map(entry))).some((file) => file.startsWith('read-'))).toBe(false);
  });

  it('keeps no part after one written anew, though of the size of the part read at its place', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const store = await renamedStore(ids);
    // Read in parts of 30 bytes (ten, then 24); cut at 42, the eighth part (bytes 294–324) has 30 bytes
    // too, but not those of the eighth part read (210–240).
    await new ChunkedWriter(pathToFileURL(`${dir}/`), 42).write(store.collections());
    const manifest = JSON.parse(await readFile(join(dir as string, 'manifest.json'), 'utf8')) as { articles: string[] };
    expect(manifest.articles).toHaveLength(8);
    expect(manifest.articles.some((file) => file.startsWith('read-'))).toBe(false);
  });

  it('names only files that are there once written twice, an entry added and then taken out', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const store = await renamedStore(ids);
    // As `astro dev` does: the store written after each change, its texts never forgotten.
    store.set('articles', 'id-05a', { n: 99 });
    await store.waitUntilSaveComplete();
    store.delete('articles', 'id-05a');
    await store.waitUntilSaveComplete();
    const files = await written(ids.map(entry));
    for (const file of files) expect(existsSync(join(dir as string, file)), file).toBe(true);
    expect(files.slice(0, 4)).toEqual(['read-0.txt', 'read-1.txt', 'read-2.txt', 'read-3.txt']);
  });
});

describe("the patch to Astro's chunked content store read ahead", () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    forgetEntryRecords();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is begun by a build once its configuration is set up', async () => {
    const code = await readFile(BUILD, 'utf8');
    expect(code).toMatch(/runHookConfigSetup\([\s\S]*readChunkedStoreAhead\(getDataStoreDir\(this\.settings, false\)\)[\s\S]*runHookConfigDone\(/);
  });

  it('gives the sync the parts as read by a worker thread, unless a file changed since', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const folder = pathToFileURL(`${dir}/`);
    const entries = new Map(Array.from({ length: 12 }, (_, i) => [`id-${String(i).padStart(2, '0')}`, { text: `第${i}篇` }]));
    await new ChunkedWriter(folder, 40).write(new Map([['articles', entries]]));
    const { articles: files = [] } = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { articles?: string[] };
    expect(files.length).toBeGreaterThan(2);

    // Read ahead, then one part written again (as nothing does between the two, but should something):
    // that part is read from its file, the others are not.
    expect([...(await readChunkedStoreAhead(folder)).keys()].sort()).toEqual([...files].sort());
    const changed = join(dir, files[1] as string);
    const text = await readFile(changed, 'utf8');
    await writeFile(changed, text.replace('第', '新'));
    const reads = spyOnReads();
    const store = await MutableDataStore.fromDir(folder, 40, console);
    expect(reads.filter((path) => path.endsWith('.txt'))).toEqual([pathToFileURL(changed).href]);
    // What the files hold now, the changed part included, as a read with nothing read ahead gives it.
    const texts = (read: MutableDataStore) => [...(read.collections().get('articles') as Map<string, { text: string }>).values()].map((entry) => entry.text);
    expect(texts(store).filter((t) => t.startsWith('新'))).toHaveLength(1);
    expect(texts(store)).toEqual(texts(await MutableDataStore.fromDir(folder, 40, console)));
  });
});

describe("the patch to Astro's page writes", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('hands each rendered page to the page writer', async () => {
    // The function that writes a page is not exported: its code is read instead.
    const code = await readFile(GENERATE, 'utf8');
    expect(code).toContain('await (pageWriter ??= new PageWriter()).write(result.outFolder, result.outFile, result.body);');
    expect(code).toContain('await pageWriter?.close();');
    expect(code).not.toMatch(/nodeFs\.(promises\.)?(mkdir|writeFile)(Sync)?\(result\./);
  });

  it('has a page writer that writes every page in its thread before it closes, its bytes moved or copied', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const writer = new PageWriter();
    const url = (path: string) => pathToFileURL(join(dir as string, path));
    // A buffer of its own is moved to the writer; a view into a larger one is copied, and stays usable.
    const own = new TextEncoder().encode('<p>页面一</p>');
    const shared = Buffer.from('..<p>页面二</p>..').subarray(2, -2);
    await writer.write(url('a/'), url('a/index.html'), own);
    await writer.write(url('b/c/'), url('b/c/index.html'), shared);
    // Text, as Astro gives for a redirect's page.
    await writer.write(url('d/'), url('d/index.html'), '<meta http-equiv="refresh" content="0;url=/a/">');
    // The same bytes twice before they are sent: moved once, copied once.
    const twice = new TextEncoder().encode('<p>两次</p>');
    await writer.write(url('e/'), url('e/index.html'), twice);
    await writer.write(url('f/'), url('f/index.html'), twice);
    expect(shared.toString()).toBe('<p>页面二</p>');
    // More pages than may wait for the writer, handed over one after another and four at a time (as
    // Astro renders them): each `write` then waits for the writer to catch up.
    for (let i = 0; i < 2500; i += 1) await writer.write(url(`many/${i}/`), url(`many/${i}/index.html`), new TextEncoder().encode(String(i)));
    for (let i = 0; i < 2500; i += 4) {
      await Promise.all([0, 1, 2, 3].map((j) => writer.write(url(`four/${i + j}/`), url(`four/${i + j}/index.html`), new TextEncoder().encode(String(i + j)))));
    }
    await writer.close();
    // Pages are sent a few to a message, the last ones with `close`.
    expect(own.byteLength).toBe(0);
    expect(twice.byteLength).toBe(0);
    expect(await readFile(join(dir, 'a/index.html'), 'utf8')).toBe('<p>页面一</p>');
    expect(await readFile(join(dir, 'b/c/index.html'), 'utf8')).toBe('<p>页面二</p>');
    expect(await readFile(join(dir, 'd/index.html'), 'utf8')).toBe('<meta http-equiv="refresh" content="0;url=/a/">');
    expect(await readFile(join(dir, 'e/index.html'), 'utf8')).toBe('<p>两次</p>');
    expect(await readFile(join(dir, 'f/index.html'), 'utf8')).toBe('<p>两次</p>');
    for (const folder of ['many', 'four']) {
      const written = await Promise.all(Array.from({ length: 2500 }, (_, i) => readFile(join(dir as string, folder, String(i), 'index.html'), 'utf8')));
      expect(written).toEqual(Array.from({ length: 2500 }, (_, i) => String(i)));
    }
  });

  it('refuses, by its file, bytes moved to the writer with an earlier page', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    const writer = new PageWriter();
    const url = (path: string) => pathToFileURL(join(dir as string, path));
    const first = new TextEncoder().encode('<p>一</p>');
    // Sixteen pages make a message: the first page's bytes are moved.
    for (let i = 0; i < 16; i += 1) await writer.write(url(`${i}/`), url(`${i}/index.html`), i === 0 ? first : new TextEncoder().encode(String(i)));
    await expect(writer.write(url('again/'), url('again/index.html'), first)).rejects.toThrow(/again\/index\.html: its bytes were given with an earlier page/);
    await writer.close();
    expect(await readFile(join(dir, '0/index.html'), 'utf8')).toBe('<p>一</p>');
    expect(existsSync(join(dir, 'again/index.html'))).toBe(false);
  });

  it('has a page writer that reports the first page it could not write, by its file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-patch-'));
    await writeFile(join(dir, 'taken'), 'a file where a folder should be');
    const writer = new PageWriter();
    const url = (path: string) => pathToFileURL(join(dir as string, path));
    await writer.write(url('taken/'), url('taken/index.html'), new TextEncoder().encode('x'));
    await writer.write(url('fine/'), url('fine/index.html'), new TextEncoder().encode('y'));
    await expect(writer.close()).rejects.toThrow(/Could not write a page: .*taken\/index\.html: .*(EEXIST|ENOTDIR)/);
    expect(await readFile(join(dir, 'fine/index.html'), 'utf8')).toBe('y');
  });
});

describe("the patch to Astro's rendered pages", () => {
  /** A page's response as Astro renders it: whole, as a build does, or streamed. */
  async function renderedPage(streaming = false, text = '人民法院'): Promise<Response> {
    const { createComponent, renderPage, renderTemplate } = await import('../../node_modules/astro/dist/runtime/server/index.js');
    const page = createComponent(() => renderTemplate`<p>${text}</p>`);
    // What rendering reads of a render's state, for a page without head content.
    const result = {
      componentMetadata: new Map(),
      _metadata: { propagators: new Set(), extraHead: [] },
      response: { status: 200, statusText: 'OK', headers: new Headers() },
      shouldInjectCspMetaTags: false,
    };
    return renderPage(result as never, page, {}, {}, streaming, undefined);
  }

  it('gives with the response of a page rendered whole the bytes of its body, and none with a streamed one', async () => {
    const response = await renderedPage();
    const html = new TextDecoder().decode(renderedBytes(response));
    expect(html).toContain('<p>人民法院</p>');
    expect(html).toBe(await response.text());
    expect(renderedBytes(await renderedPage(true))).toBeUndefined();
  });

  it('encodes the text of a page rendered whole as TextEncoder does, a lone surrogate too', async () => {
    for (const text of ['人民法院 𠀀 abc', 'abc', '法院\uD800']) {
      const bytes = renderedBytes(await renderedPage(false, text));
      expect(Buffer.from(bytes as Uint8Array).equals(Buffer.from(new TextEncoder().encode(`<!DOCTYPE html>\n<p>${text}</p>`))), text).toBe(true);
    }
  });

  it("has the prerenderer give such a response back unread, still collecting the page's metadata, and copy any other", async () => {
    const { renderForPrerender } = await import('../../node_modules/astro/dist/core/app/prerender.js');
    const { installRenderScope, uninstallRenderScope } = await import('../../node_modules/astro/dist/core/render-scope/scope.js');
    const { recordContentEntryRender } = await import('../../node_modules/astro/dist/core/render-scope/record.js');
    const { AsyncLocalStorage } = await import('node:async_hooks');
    installRenderScope(new AsyncLocalStorage());
    try {
      const render = (response: Response) => ({
        render: async () => {
          recordContentEntryRender('content/a.md');
          return response;
        },
        logger: { warn: () => {} },
      });
      const request = new Request('http://localhost/');
      const page = await renderedPage();
      const given = await renderForPrerender(render(page) as never, request, { collectMetadata: true } as never);
      expect(given.response).toBe(page);
      expect(page.bodyUsed).toBe(false);
      expect(given.metadata?.contentEntryKeys).toEqual(['content/a.md']);
      const plain = new Response('<p>streamed</p>', { status: 200 });
      const copied = await renderForPrerender(render(plain) as never, request, { collectMetadata: true } as never);
      expect(copied.response).not.toBe(plain);
      expect(await copied.response.text()).toBe('<p>streamed</p>');
    } finally {
      uninstallRenderScope();
    }
  });

  it('has the build write the bytes a page carries without reading its body, and read any other', async () => {
    const { renderPath } = await import(GENERATE.href);
    // What renderPath reads of the build's settings and of a page's route.
    const settings = {
      buildOutput: 'static',
      // A public folder that is not there.
      config: { base: '/', trailingSlash: 'ignore', outDir: pathToFileURL(join(tmpdir(), 'out/')), publicDir: pathToFileURL(join(tmpdir(), `astro-patch-no-public-${process.pid}/`)), build: { format: 'directory' } },
    };
    const route = () => ({ type: 'page', component: 'src/pages/x.astro', isIndex: false, pathname: '/x', route: '/x', params: [], pattern: /^\/x\/?$/, segments: [[{ content: 'x', dynamic: false, spread: false }]], prerender: true, origin: 'project', fallbackRoutes: [] });
    const written = (response: Response) =>
      renderPath({
        prerenderer: { name: 'fake', render: async () => response },
        pathname: '/x',
        route: route(),
        options: { settings, origin: 'http://localhost', routesList: { routes: [] } },
        logger: { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} },
        collectMetadata: false,
      });
    const { response, bytes } = responseWithBytes('<p>人民法院</p>');
    const result = await written(response);
    expect(result.body.buffer).toBe(bytes.buffer);
    expect(response.bodyUsed).toBe(false);
    const plain = new Response('<p>streamed</p>', { status: 200 });
    expect((await written(plain)).body.toString()).toBe('<p>streamed</p>');
    expect(plain.bodyUsed).toBe(true);
  });

  it('skips a page whose file the public folder has, as Astro does, listing the folder once', async () => {
    const { renderPath } = await import(GENERATE.href);
    const dir = await mkdtemp(join(tmpdir(), 'astro-public-'));
    const readdir = vi.spyOn(nodeFs, 'readdirSync');
    try {
      await mkdir(join(dir, 'public', '法院 名录'), { recursive: true });
      await writeFile(join(dir, 'public', '法院 名录', 'index.html'), 'a file of the public folder');
      const settings = {
        buildOutput: 'static',
        config: { base: '/', trailingSlash: 'ignore', outDir: pathToFileURL(join(dir, 'out/')), publicDir: pathToFileURL(join(dir, 'public/')), build: { format: 'directory' } },
      };
      const warnings: string[] = [];
      const render = (pathname: string) =>
        renderPath({
          prerenderer: { name: 'fake', render: async () => new Response('<p>页</p>', { status: 200 }) },
          pathname,
          route: { type: 'page', component: 'src/pages/[x].astro', isIndex: false, pathname: undefined, route: '/[x]', params: ['x'], pattern: /^\/([^/]+?)\/?$/, segments: [[{ content: 'x', dynamic: true, spread: false }]], prerender: true, origin: 'project', fallbackRoutes: [] },
          options: { settings, origin: 'http://localhost', routesList: { routes: [] } },
          logger: { error: () => {}, warn: (_label: string, message: string) => warnings.push(message), info: () => {}, debug: () => {} },
          collectMetadata: false,
        });
      expect(await render('/法院 名录')).toBeNull();
      expect(warnings).toEqual([expect.stringContaining('public folder')]);
      expect((await render('/其他')).body.toString()).toBe('<p>页</p>');
      expect(readdir).toHaveBeenCalledTimes(1);
      // A public folder that cannot be listed is looked into for each page, as Astro does.
      readdir.mockImplementation(() => {
        throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      });
      await mkdir(join(dir, 'unlisted', '法院 名录'), { recursive: true });
      await writeFile(join(dir, 'unlisted', '法院 名录', 'index.html'), 'a file of the public folder');
      settings.config.publicDir = pathToFileURL(join(dir, 'unlisted/'));
      expect(await render('/法院 名录')).toBeNull();
      expect((await render('/其他')).body.toString()).toBe('<p>页</p>');
    } finally {
      readdir.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the patch to Astro's actions runtime", () => {
  it('leaves no bare import.meta.env, into which Astro would write every environment variable named in the module', async () => {
    // Astro's own test (astro/dist/env/vite-plugin-import-meta-env.js): the object followed by anything
    // but a dot. These modules are part of every page, so their code is part of every page's cache key.
    for (const file of ['client.js', 'server.js']) {
      const code = await readFile(new URL(`../../node_modules/astro/dist/actions/runtime/${file}`, import.meta.url), 'utf8');
      expect(code, file).not.toMatch(/\bimport\.meta\.env\b(?!\.)/);
      expect(code, file).toMatch(/import\.meta\.env\.(PROD|DEV)\)/);
    }
  });
});

describe("the patch to Astro's glob loader", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('parses only the files whose contents changed, and stores what it did before', async () => {
    dir = await mkdtemp(join(tmpdir(), 'astro-glob-'));
    const root = pathToFileURL(`${dir}/`);
    const write = (name: string, title: string, slug?: string) =>
      writeFile(join(dir!, 'content', name), `---\ntitle: ${title}\n${slug ? `slug: ${slug}\n` : ''}---\n正文\n`);
    await mkdir(join(dir, 'content', '2021'), { recursive: true });
    await write('2021/a.md', '甲');
    await write('2021/b.md', '乙');
    await write('c.md', '丙', 'own-id');
    // A modification time that can be set back exactly (below).
    const WHOLE_SECOND = 1_600_000_000;
    await utimes(join(dir, 'content', '2021', 'b.md'), WHOLE_SECOND, WHOLE_SECOND);

    /** Which files the loader parsed and read (each read file is digested), and the store's entries after a sync, as a build syncs them. */
    const parsed: string[] = [];
    const digested: string[] = [];
    const store = new MutableDataStore();
    async function sync(generateId?: (options: { entry: string }) => string): Promise<Record<string, unknown>> {
      const entryType = {
        getEntryInfo: ({ contents, fileUrl }: { contents: string; fileUrl: URL }) => {
          parsed.push(fileURLToPath(fileUrl).slice(dir!.length + 1));
          const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(contents) ?? [];
          const data = Object.fromEntries(front.split('\n').map((line) => line.split(': ')));
          return { data, body, rawData: front, slug: data.slug };
        },
      };
      const quiet = { info() {}, warn() {}, error() {}, debug() {} };
      await glob({ pattern: '**/*.md', base: join(dir!, 'content'), ...(generateId ? { generateId } : {}) }).load({
        config: { root, srcDir: new URL('src/', root) },
        collection: 'articles',
        logger: quiet,
        parseData: async ({ data }: { data: unknown }) => data,
        store: store.scopedStore('articles'),
        meta: store.metaStore('articles'),
        generateDigest: (contents: string) => {
          digested.push(contents);
          return createHash('sha256').update(contents).digest('hex');
        },
        entryTypes: new Map([['.md', entryType]]),
      } as never);
      return Object.fromEntries(store.entries('articles').map(([id, entry]) => [id, [entry.filePath, entry.data]]));
    }

    const first = await sync();
    expect(parsed.sort()).toEqual(['content/2021/a.md', 'content/2021/b.md', 'content/c.md']);
    expect(digested).toHaveLength(3);
    expect(Object.keys(first).sort()).toEqual(['2021/a', '2021/b', 'own-id']);

    // Nothing changed: nothing parsed, nothing even read (every file is the one last read), the same
    // entries, and the same record of the files, so the store is not written again for it.
    parsed.length = 0;
    digested.length = 0;
    const prints = store.metaStore('articles').get('court-archive:file-prints');
    expect(await sync()).toEqual(first);
    expect(parsed).toEqual([]);
    expect(digested).toEqual([]);
    expect(store.metaStore('articles').get('court-archive:file-prints')).toBe(prints);

    // A file touched (the same contents, another modification time) is read again, not parsed; one
    // rewritten with contents of the same size and its old modification time is read (its change time
    // moved) and parsed. The files read synchronously (Node's asynchronous reads took twice as long).
    const asyncReads = vi.spyOn(fs, 'readFile');
    const aFile = join(dir, 'content', '2021', 'a.md');
    const later = new Date(Date.now() + 60_000);
    await utimes(aFile, later, later);
    const bFile = join(dir, 'content', '2021', 'b.md');
    expect((await stat(bFile)).mtimeMs).toBe(WHOLE_SECOND * 1000);
    await write('2021/b.md', '己');
    await utimes(bFile, WHOLE_SECOND, WHOLE_SECOND);
    expect((await stat(bFile)).mtimeMs).toBe(WHOLE_SECOND * 1000);
    const resynced = await sync();
    expect(digested.map((contents) => contents.match(/title: (.*)/)?.[1]).sort()).toEqual(['己', '甲']);
    expect(parsed).toEqual(['content/2021/b.md']);
    expect(resynced).toEqual({ ...first, '2021/b': ['content/2021/b.md', { title: '己' }] });
    expect(asyncReads).not.toHaveBeenCalled();
    asyncReads.mockRestore();

    // The record of a file that does not match the entry stored for it (another digest) is not trusted.
    const meta = store.metaStore('articles');
    const record = JSON.parse(meta.get('court-archive:file-prints') ?? '{}') as Record<string, unknown[]>;
    meta.set('court-archive:file-prints', JSON.stringify({ ...record, 'content/c.md': [...(record['content/c.md'] ?? []).slice(0, 4), 'another digest'] }));
    digested.length = 0;
    await sync();
    expect(digested).toHaveLength(1);
    parsed.length = 0;

    // One file changed, one removed, one added, one given another id by its frontmatter: those parsed alone.
    await write('2021/a.md', '甲改');
    await rm(join(dir, 'content', '2021', 'b.md'));
    await write('2021/d.md', '丁');
    await write('c.md', '丙', 'other-id');
    const third = await sync();
    expect(parsed.sort()).toEqual(['content/2021/a.md', 'content/2021/d.md', 'content/c.md']);
    expect(third).toEqual({
      '2021/a': ['content/2021/a.md', { title: '甲改' }],
      '2021/d': ['content/2021/d.md', { title: '丁' }],
      'other-id': ['content/c.md', { title: '丙', slug: 'other-id' }],
    });

    // Ids made another way (the content configuration's `generateId` may call code of its own): every
    // file gets its new id, unchanged or not.
    parsed.length = 0;
    const renamed = await sync(({ entry }) => `new-${entry}`);
    expect(Object.keys(renamed).sort()).toEqual(['new-2021/a.md', 'new-2021/d.md', 'new-c.md']);
    expect(parsed.sort()).toEqual(['content/2021/a.md', 'content/2021/d.md', 'content/c.md']);
  });
});

describe("the patch to Astro's output folder within the project", () => {
  it('puts the prerender bundle in the output folder only when that folder is within the working directory', async () => {
    const { getOutDirWithinCwd } = await import('../../node_modules/astro/dist/core/build/common.js');
    const cwd = process.cwd();
    const fallback = pathToFileURL(join(cwd, '.astro/')).href;
    const within = (path: string) => getOutDirWithinCwd(pathToFileURL(path)).href;
    expect(within(join(cwd, 'dist/'))).toBe(pathToFileURL(join(cwd, 'dist/')).href);
    expect(within(join(cwd, '..dist/'))).toBe(pathToFileURL(join(cwd, '..dist/')).href);
    // Beside the project, though its name begins with the project's: node_modules cannot be found from there.
    expect(within(`${cwd}-run/dist/`)).toBe(fallback);
    expect(within(join(cwd, '../elsewhere/dist/'))).toBe(fallback);
    expect(within(join(tmpdir(), 'dist/'))).toBe(fallback);
  });
});

/** Pagefind itself, as the tests' reference for the files the site writes in its format. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import type { PagefindRecord } from '../../src/integrations/search-fragments';

/**
 * Writes the index of `records` into `folder` with Pagefind's Node API, as the shard worker does, in
 * the language `language`, with index chunks of `chunkSize` (Pagefind's default without).
 */
export async function writeWithPagefind(records: readonly PagefindRecord[], folder: string, language: string, chunkSize?: number): Promise<void> {
  // Read by the Pagefind service when it starts, which `createIndex` does once `close` has ended the
  // last; fragments bundled into shared files would not be the site's, as in the build.
  if (chunkSize !== undefined) process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'] = String(chunkSize);
  delete process.env['PAGEFIND_MAX_FRAGMENTS'];
  try {
    const { index, errors: notStarted } = await pagefind.createIndex({ forceLanguage: language });
    if (!index) throw new Error(`Pagefind did not start: ${notStarted.join('; ')}`);
    for (const record of records) {
      const { errors } = await index.addCustomRecord(record);
      if (errors.length > 0) throw new Error(`Pagefind could not index ${record.url}: ${errors.join('; ')}`);
    }
    const { errors } = await index.writeFiles({ outputPath: folder });
    if (errors.length > 0) throw new Error(`Pagefind could not write ${folder}: ${errors.join('; ')}`);
  } finally {
    await pagefind.close();
    delete process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'];
  }
}

/** The files of a folder (not its folders): name → contents. */
export async function filesOf(folder: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  return new Map(await Promise.all(names.sort().map(async (name) => [name, await readFile(join(folder, name))] as const)));
}

// @ts-check
/**
 * A child process that writes one shard of the search index with its own Pagefind service (see
 * `search-index.ts`), so that several shards are indexed at once and each one's memory is given back
 * when its process ends. Plain JavaScript, so that it runs with Node alone.
 *
 * It receives `{ language, records, outputPath }` over IPC, adds the records one at a time (so pages are
 * numbered in the same order in every build), writes the index, and answers `{ ok: true }` or `{ error }`.
 */
import * as pagefind from 'pagefind';

/** @param {{ language: string, records: import('pagefind').CustomRecord[], outputPath: string }} job */
async function build({ language, records, outputPath }) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (const record of records) {
      const added = await index.addCustomRecord(record);
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${record.url}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
}

process.once('message', (job) => {
  build(/** @type {any} */ (job)).then(
    () => process.send?.({ ok: true }, () => process.exit(0)),
    (error) => process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
  );
});

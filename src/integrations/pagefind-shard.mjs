// @ts-check
/**
 * A child process that writes one shard of the search index with its own Pagefind service (see
 * `search-index.ts`), so that several shards are indexed at once and each one's memory is given back
 * when its process ends. Plain JavaScript, so that it runs with Node alone.
 *
 * It receives `{ language, records, outputPath }` over IPC, adds the records in order (so pages are
 * numbered in the same order in every build), writes the index, and answers `{ ok: true }` or `{ error }`.
 */
import * as pagefind from 'pagefind';

/** @param {{ language: string, records: import('pagefind').CustomRecord[], outputPath: string }} job */
async function build({ language, records, outputPath }) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    // All sent at once: Pagefind's service takes its messages one at a time, in the order written, so
    // pages are numbered as before, while it decodes the next message as it indexes this one.
    const added = await Promise.all(records.map((record) => index.addCustomRecord(record)));
    added.forEach(({ errors }, i) => {
      if (errors.length > 0) throw new Error(`Pagefind could not index ${records[i]?.url}: ${errors.join('; ')}`);
    });
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

// @ts-check
/**
 * A child process that writes one shard of the search index with its own Pagefind service (see
 * `search-index-writer.ts`): a shard whose index the site cannot foresee and so does not write itself
 * (`search-meta.ts`), and once per cache the shard of one record that gives every shard Pagefind's
 * search code. Several shards can be indexed at once, and each one's memory is given back when its
 * process ends. Plain JavaScript, so that it runs with Node alone.
 *
 * It receives `{ jobFile }` over IPC, a file holding `{ language, records, outputPath }` in V8's
 * serialization (`buildShard` in `search-index-writer.ts` says why a file), adds the records in order
 * (so pages are numbered in the same order in every build), writes the index, and answers `{ ok: true }`
 * or `{ error }`.
 */
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import * as pagefind from 'pagefind';
import { answerOneJob } from './child-job.mjs';

/** How many records are on their way to Pagefind at once. */
const IN_FLIGHT = 64;

/**
 * Adds the records without waiting for each answer before sending the next, up to {@link IN_FLIGHT}
 * unanswered. Pagefind's service takes its messages one at a time in the order they were written, so
 * pages are numbered in the order of `records`; it no longer waits for the next record after each one.
 * @param {import('pagefind').PagefindIndex} index
 * @param {import('pagefind').CustomRecord[]} records
 */
async function addInOrder(index, records) {
  /** @type {Promise<void>[]} */
  const pending = [];
  for (const record of records) {
    const added = index.addCustomRecord(record).then(({ errors }) => {
      if (errors.length > 0) throw new Error(`Pagefind could not index ${record.url}: ${errors.join('; ')}`);
    });
    // Awaited below; this only keeps a failure that comes before then from counting as unhandled.
    added.catch(() => {});
    pending.push(added);
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
}

/** @param {{ language: string, records: import('pagefind').CustomRecord[], outputPath: string }} job */
async function build({ language, records, outputPath }) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    await addInOrder(index, records);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
}

answerOneJob(async (/** @type {{ jobFile: string }} */ { jobFile }) => {
  await build(/** @type {Parameters<typeof build>[0]} */ (deserialize(readFileSync(jobFile))));
  return { ok: true };
});

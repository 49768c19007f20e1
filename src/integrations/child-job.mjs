// @ts-check
/**
 * The child's side of `inChild` (`search-index-writer.ts`): takes the one job sent over IPC, runs it,
 * answers with what it returns, or with `{ error }` when it fails, and exits; and exits at once if the
 * parent goes away first (its channel closes). Plain JavaScript, so that the Pagefind shard worker
 * runs with Node alone.
 */

/**
 * @template Job
 * @param {(job: Job) => Promise<import('node:child_process').Serializable>} work
 */
export function answerOneJob(work) {
  process.once('disconnect', () => process.exit(1));
  process.once('message', (job) => {
    work(/** @type {Job} */ (job)).then(
      (answer) => process.send?.(answer, () => process.exit(0)),
      (error) => process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
}

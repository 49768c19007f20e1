// @ts-check
/**
 * The child's side of `inChild` (`search-index.ts`): takes the one job sent over IPC, runs it, answers
 * with what it returns, or with `{ error }` when it fails, and exits. Plain JavaScript, so that the
 * Pagefind shard worker runs with Node alone.
 */

/**
 * @template Job
 * @param {(job: Job) => Promise<import('node:child_process').Serializable>} work
 */
export function answerOneJob(work) {
  process.once('message', (job) => {
    work(/** @type {Job} */ (job)).then(
      (answer) => process.send?.(answer, () => process.exit(0)),
      (error) => process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
}

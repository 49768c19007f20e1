// @ts-check
/**
 * Child processes that answer once: the parent's side ({@link forkForAnswer}) and the child's side of a
 * one-job child ({@link answerOneJob}). Plain JavaScript, so that the Pagefind shard worker runs with
 * Node alone.
 */
import { fork } from 'node:child_process';

/**
 * Starts `entry` as a child process with an IPC channel (its standard error shared, its output
 * dropped) and gives the child and its one answer, the first message it sends; a child that ends
 * without answering is an error naming `what`. Messages go in V8's own format, not JSON: pages and
 * records are copied rather than escaped and parsed back (10,000 pages of about 16 KB sent to a child
 * took 0.7 s of processor time in both processes instead of 1.4 s).
 * @template Answer
 * @param {string} entry
 * @param {string} what
 * @param {import('node:child_process').ForkOptions} options
 * @returns {{ child: import('node:child_process').ChildProcess, answer: Promise<Answer> }}
 */
export function forkForAnswer(entry, what, options) {
  const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced', ...options });
  /** @type {Promise<Answer>} */
  const answer = new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(/** @type {Answer} */ (message)));
    // 'close', not 'exit': the answer can arrive after 'exit', but not after the IPC channel has closed.
    child.once('close', (code, signal) =>
      reject(new Error(`${what} ended (${signal ? `signal ${signal}` : `exit code ${code}`}) without an answer`)),
    );
    child.once('error', reject);
  });
  return { child, answer };
}

/**
 * The child's side of a one-job child (`inChild` in `search-index-writer.ts`): takes the one job sent
 * over IPC, runs it, answers with what it returns, or with `{ error }` when it fails, and exits; and
 * exits at once if the parent goes away first (its channel closes).
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

// @ts-check
/**
 * The files of an output folder, listed in a worker thread (see {@link listInWorker}): the output of a
 * 10,000-bulletin site is 23,800 folders, and reading them took Astro's process about a second of a
 * rebuild, most of it after the pages, with Astro's heap to collect meanwhile. Plain JavaScript, so the
 * worker runs with Node alone.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** The key of the job in a worker's data: this module may be imported by another worker (a test runner's). */
const JOB = 'court-archive:output-files';

/**
 * The files under `dir` (relative paths, with `/`), not entering the folders in `skipped` (relative,
 * ending in `/`). A folder that goes while it is read (the build deletes what it no longer makes) is
 * left out, not an error.
 * @param {string} dir
 * @param {readonly string[]} skipped
 * @returns {string[]}
 */
export function filesUnder(dir, skipped) {
  /** @type {string[]} */
  const paths = [];
  /** @param {string} folder */
  const walk = (folder) => {
    let entries;
    try {
      entries = readdirSync(join(dir, folder), { withFileTypes: true });
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (folder !== '' && (code === 'ENOENT' || code === 'ENOTDIR')) return;
      throw error;
    }
    for (const entry of entries) {
      const path = `${folder}${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipped.includes(`${path}/`)) walk(`${path}/`);
      } else if (entry.isFile()) paths.push(path);
    }
  };
  walk('');
  return paths;
}

/**
 * {@link filesUnder} in a worker thread, which does not keep the process alive: should the build fail
 * meanwhile, it ends with it.
 * @param {string} dir
 * @param {readonly string[]} skipped
 * @returns {Promise<string[]>}
 */
export function listInWorker(dir, skipped) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { [JOB]: { dir, skipped } } });
    worker.unref();
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`listing the files of ${dir} stopped (exit code ${code}) before it was done`)));
  });
}

/** @type {{ dir: string, skipped: string[] } | undefined} */
const job = isMainThread ? undefined : workerData?.[JOB];
if (job && parentPort) parentPort.postMessage(filesUnder(job.dir, job.skipped));

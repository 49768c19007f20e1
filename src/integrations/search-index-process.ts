/**
 * Writes the search index in a process of its own (`writeSearchIndexApart` in `search-index.ts`, which
 * starts it through tsx): it receives `{ outDir, paths, cacheDir }` over IPC and answers `{ report }` or
 * `{ error }`.
 */
import { answerOneJob } from './child-job.mjs';
import { writeSearchIndex } from './search-index';

interface Job {
  outDir: string;
  paths: string[];
  cacheDir: string;
}

answerOneJob(async ({ outDir, paths, cacheDir }: Job) => ({ report: await writeSearchIndex(outDir, paths, cacheDir) }));

/**
 * Writes the search index in a process of its own (`writeSearchIndexApart` in `search-index.ts`, which
 * starts it through tsx): it receives `{ outDir, paths, cacheDir }` over IPC and answers `{ report }` or
 * `{ error }`.
 */
import { writeSearchIndex } from './search-index';

interface Job {
  outDir: string;
  paths: string[];
  cacheDir: string;
}

process.once('message', (job) => {
  const { outDir, paths, cacheDir } = job as Job;
  writeSearchIndex(outDir, paths, cacheDir).then(
    (report) => process.send?.({ report }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
  );
});

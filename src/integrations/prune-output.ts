/**
 * Astro integration, last in the list: deletes from the output folder what earlier builds left there
 * and this one did not make (see `lib/stale-output.ts`), then the folders left empty.
 */
import type { AstroIntegration } from 'astro';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleFiles, type OutputFile } from '../lib/stale-output';

/** The files of `dir` other than `known` ones (relative paths), with their times. */
async function otherFiles(dir: string, known: (path: string) => boolean): Promise<OutputFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  return Promise.all(paths.filter((path) => !known(path)).map(async (path) => ({ path, mtimeMs: (await stat(join(dir, path))).mtimeMs })));
}

/** Removes the folders of `path` (relative to `dir`) that are left empty, deepest first, up to `dir`. */
async function removeEmptyParents(dir: string, path: string): Promise<void> {
  for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
    // Fails, and stops, at the first folder that still holds something.
    if (!(await rmdir(join(dir, folder)).then(() => true, () => false))) return;
  }
}

/**
 * `managed`: folders of the output (relative, ending in `/`) that another integration manages whole.
 * A `.git/` folder is kept too, as Astro keeps it when it empties the output folder itself.
 */
export function pruneOutput(managed: readonly string[] = []): AstroIntegration {
  const kept = ['.git/', ...managed];
  let started = 0;
  return {
    name: 'court-archive:prune-output',
    hooks: {
      'astro:build:start': () => {
        // File times have whole-millisecond or coarser precision on some file systems: a second of slack.
        started = Date.now() - 1000;
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const outDir = fileURLToPath(dir);
        const built = new Set([...assets.values()].flat().map((url) => relative(outDir, fileURLToPath(url)).split(sep).join('/')));
        // Only the files this build did not list are looked at (a stat of every file took seconds).
        const known = (path: string) => built.has(path) || kept.some((folder) => path.startsWith(folder));
        const stale = staleFiles(await otherFiles(outDir, known), built, started, kept);
        for (const path of stale) {
          await rm(join(outDir, path), { force: true });
          await removeEmptyParents(outDir, path);
        }
        if (stale.length > 0) logger.info(`removed ${stale.length} file(s) left from earlier builds`);
      },
    },
  };
}

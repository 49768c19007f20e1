/**
 * Astro integration, after every other that writes into the output folder (only the search index's end
 * comes after it, and the index keeps its own folder): keeps the output folder right between builds now
 * that it is no longer emptied (so Astro's incremental build can leave unchanged pages in place).
 *
 * - After the build, it deletes what earlier builds left there and this one neither listed nor wrote
 *   (see `lib/stale-output.ts`), then the folders left empty; nothing, when the folder was empty at the
 *   start. The folder is listed by a worker thread while Astro builds (`output-files.mjs`).
 * - Before the build, it makes Astro forget its previous pages (its `incremental-build.json`) when they
 *   may not match the output folder: the last build went to another folder, or did not finish. Astro
 *   skips a page whose file is already in the output folder, so either case could keep stale pages.
 */
import type { AstroIntegration } from 'astro';
import { mkdir, readFile, readdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUnlisted, staleFiles, type OutputFile } from '../lib/stale-output';
import { listInWorker } from './output-files.mjs';

/** Made in the output folder when a build starts: its change time is the build's start, on the folder's clock. */
const START_MARKER = '.build-started';

/** In the cache folder: the output folder of the build in progress or last finished, and whether it finished. */
const OUTPUT_RECORD = 'output-folder.json';

/** Astro's record of the pages of its last build (Astro 7's incremental build). */
const ASTRO_PAGE_RECORD = 'incremental-build.json';

/** Removes the folders of `path` (relative to `dir`) that are left empty, deepest first, up to `dir`. */
async function removeEmptyParents(dir: string, path: string): Promise<void> {
  for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
    // Fails, and stops, at the first folder that still holds something.
    if (!(await rmdir(join(dir, folder)).then(() => true, () => false))) return;
  }
}

/**
 * Deletes the files of `dir` that neither are in `built` nor changed since `since` nor are `kept` (see
 * `staleFiles`), and the folders they leave empty; gives how many files it deleted. `before` lists the
 * files of `dir` read during the build: a file not changed since it started was there all along, so
 * is in that list, and a file the build made is not stale.
 */
async function removeStale(dir: string, before: readonly string[], built: ReadonlySet<string>, since: number, kept: readonly string[]): Promise<number> {
  // Only the files this build did not list have their times read (a stat of every file took seconds);
  // one gone since it was listed is not there to delete.
  const unlisted = before.filter((path) => isUnlisted(path, built, kept));
  const times = await Promise.all(
    unlisted.map((path) => stat(join(dir, path)).then(({ ctimeMs }): OutputFile => ({ path, changedMs: ctimeMs }), () => undefined)),
  );
  const stale = staleFiles(
    times.filter((file) => file !== undefined),
    built,
    since,
    kept,
  );
  for (const path of stale) {
    await rm(join(dir, path), { force: true });
    await removeEmptyParents(dir, path);
  }
  return stale.length;
}

/**
 * `managed`: folders of the output (relative, ending in `/`) that another integration manages whole.
 * `.git` (a folder, or a file in a worktree) is kept too, as Astro keeps it when it empties the folder.
 */
export function pruneOutput(managed: readonly string[] = []): AstroIntegration {
  const kept = ['.git', '.git/', ...managed];
  let outDir = '';
  let cacheDir = '';
  /**
   * The files of the output folder, listed while the build runs; none when the folder held nothing when
   * the build started: then nothing in it can be stale.
   */
  let listing: Promise<string[]> | undefined;
  return {
    name: 'court-archive:prune-output',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:start': async ({ logger }) => {
        const record = join(cacheDir, OUTPUT_RECORD);
        const last = await readFile(record, 'utf8').then((text) => JSON.parse(text) as { outDir?: string; finished?: boolean }, () => undefined);
        if (last && (last.outDir !== outDir || !last.finished)) {
          await rm(join(cacheDir, ASTRO_PAGE_RECORD), { force: true });
          logger.info(last.finished ? `last build went to ${last.outDir}: every page rendered anew` : 'last build did not finish: every page rendered anew');
        }
        await mkdir(cacheDir, { recursive: true });
        await writeFile(record, JSON.stringify({ outDir, finished: false }));
        await mkdir(outDir, { recursive: true });
        const startedEmpty = (await readdir(outDir)).length === 0;
        await writeFile(join(outDir, START_MARKER), '');
        listing = startedEmpty ? undefined : listInWorker(outDir, kept.filter((entry) => entry.endsWith('/')));
        // Awaited once the build is done; this only keeps a failure meanwhile from counting as unhandled.
        listing?.catch(() => {});
      },
      'astro:build:done': async ({ assets, logger }) => {
        const since = (await stat(join(outDir, START_MARKER))).ctimeMs;
        await rm(join(outDir, START_MARKER));
        // A folder that held nothing when the build started holds only what the build wrote (reading its
        // tree took 22–126 s at 100,000 bulletins).
        if (listing) {
          const built = new Set([...assets.values()].flat().map((url) => relative(outDir, fileURLToPath(url)).split(sep).join('/')));
          const removed = await removeStale(outDir, await listing, built, since, kept);
          if (removed > 0) logger.info(`removed ${removed} file(s) left from earlier builds`);
        }
        await writeFile(join(cacheDir, OUTPUT_RECORD), JSON.stringify({ outDir, finished: true }));
      },
    },
  };
}

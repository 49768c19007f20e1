/**
 * The process that writes the search index (`search-index-writer.ts`), started through tsx by the
 * integration (`search-index.ts`) as the build is set up. It is sent, in order (`IndexMessage`):
 * `begin`, with the cache folder and the articles to plan the shards from (and to begin with, from
 * their sources: `EarlyIndex.guess`); `page`, for each article
 * page as Astro renders it; `end`, once the build's pages are written. It then writes the rest of the
 * index and answers `{ report }`, or `{ error }` for the first thing that failed, and exits. It exits
 * too if its channel closes first: the build stopped.
 */
import { decodeUtf8 } from '../lib/utf8';
import type { IndexAnswer, IndexMessage } from './search-index';
import { EarlyIndex, writeSearchIndex } from './search-index-writer';

let early: EarlyIndex | undefined;
/** The first page that could not be indexed; reported at the end. */
let failure: unknown;
let answering = false;

function answer(message: IndexAnswer): void {
  answering = true;
  process.send?.(message, () => process.exit(message.error === undefined ? 0 : 1));
}

process.on('message', (message: IndexMessage) => {
  switch (message.type) {
    case 'begin':
      early = new EarlyIndex(message.cacheDir, message.outDir, message.articles);
      // Guesses only save time: one that fails leaves the index to the pages, as it fails nothing.
      early.guess().catch((error: unknown) => {
        console.error(`[search index] no shards guessed from the sources, the index waits for the pages: ${error instanceof Error ? error.message : String(error)}`);
      });
      break;
    case 'page':
      try {
        // The bytes Astro writes, decoded as the file would be read.
        early?.add(message.path, decodeUtf8(message.html));
      } catch (error) {
        failure ??= error;
      }
      break;
    case 'end': {
      const { outDir, paths } = message;
      early?.pagesDone();
      const written =
        early === undefined
          ? Promise.reject(new Error('the search index process was sent no `begin` message'))
          : failure === undefined
            ? writeSearchIndex(outDir, paths, early.cache.dir, early)
            : Promise.reject(failure);
      written.then(
        (report) => answer({ report }),
        (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
      );
      break;
    }
  }
});

process.once('disconnect', () => {
  if (!answering) process.exit(1);
});

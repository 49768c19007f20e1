/** Astro integration: after the build, indexes every article page with Pagefind into `<dist>/pagefind/`. */
import type { AstroIntegration } from 'astro';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { INDEX_LANGUAGE, tokenizeHtmlForIndex } from '../lib/search-text';
import { articleIdFromPagePath } from '../lib/urls';

/** How many pages are handed to Pagefind at once. */
const CONCURRENCY = 16;

/** Builds the search index from the built article pages (see `lib/search-text.ts` for how text is tokenized). */
export function searchIndex(): AstroIntegration {
  return {
    name: 'court-archive:search-index',
    hooks: {
      'astro:build:done': async ({ dir, pages, logger }) => {
        const outDir = fileURLToPath(dir);
        const articlePages = pages.map((p) => p.pathname).filter((path) => articleIdFromPagePath(path) !== undefined);
        const started = performance.now();
        const { index, errors } = await pagefind.createIndex({ forceLanguage: INDEX_LANGUAGE });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          let next = 0;
          const worker = async () => {
            while (next < articlePages.length) {
              const path = articlePages[next++] ?? '';
              const html = await readFile(join(outDir, path, 'index.html'), 'utf8');
              const added = await index.addHTMLFile({ url: `/${path}`, content: tokenizeHtmlForIndex(html) });
              if (added.errors.length > 0) throw new Error(`Pagefind could not index ${path}: ${added.errors.join('; ')}`);
            }
          };
          await Promise.all(Array.from({ length: CONCURRENCY }, worker));
          const bundle = join(outDir, 'pagefind');
          await rm(bundle, { recursive: true, force: true });
          const written = await index.writeFiles({ outputPath: bundle });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
          // The site has its own search page; Pagefind's ready-made UIs and highlighter are not used.
          for (const unused of await readdir(bundle)) {
            if (/^pagefind-(?:component-ui|modular-ui|ui|highlight)\./.test(unused)) await rm(join(bundle, unused));
          }
        } finally {
          await pagefind.close();
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        logger.info(`indexed ${articlePages.length} article page(s) for search in ${seconds} s`);
      },
    },
  };
}

/**
 * Astro integration: the sitemap of every page the build lists (`lib/sitemap.ts`), written once the
 * build is done. It replaces @astrojs/sitemap, which gave the same files, but streamed every URL
 * through the `sitemap` package's validation: 0.5–0.8 s of a build of 10,000 bulletins (23,700 pages),
 * the longest step after the pages of a build that adds one bulletin (docs/performance.md).
 */
import type { AstroIntegration } from 'astro';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sitemapFiles } from '../lib/sitemap';
import { absoluteUrl, createUrls, type Urls } from '../lib/urls';

/** Pages that answer errors, which are no pages to crawl (`404/`, `500/`, or without the slash). */
const ERROR_PAGE = /^(?:404|500)\/?$/;

export function sitemap(): AstroIntegration {
  let site: string | undefined;
  let urls: Urls | undefined;
  return {
    name: 'court-archive:sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site;
        urls = createUrls(config.base);
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        if (site === undefined || urls === undefined) {
          logger.warn('no `site` in the configuration, so no absolute URLs: no sitemap written');
          return;
        }
        const outDir = fileURLToPath(dir);
        const on = (path: string) => absoluteUrl(site as string, path);
        const pageUrls = pages.filter(({ pathname }) => !ERROR_PAGE.test(pathname)).map(({ pathname }) => on((urls as Urls).builtPage(pathname)));
        const files = sitemapFiles(pageUrls, (file) => on((urls as Urls).asset(file)));
        // Each file whole or not at all: written beside its place, then renamed into it.
        for (const { file, xml } of files) {
          const partial = join(outDir, `${file}.partial-${process.pid}`);
          await writeFile(partial, xml);
          await rename(partial, join(outDir, file));
        }
        logger.info(`${files.at(-1)?.file} written: ${new Set(pageUrls).size} page(s) in ${files.length - 1} file(s)`);
      },
    },
  };
}

/**
 * Astro integration: the sitemap of every page the build lists (`lib/sitemap.ts`), written once the
 * build is done. It replaces @astrojs/sitemap, whose files list the same pages in the same order, but
 * which streamed every URL through the `sitemap` package's validation: 0.5–0.8 s of a build of 10,000
 * bulletins (23,700 pages), the longest step after the pages of a build that adds one bulletin
 * (docs/performance.md, "The sitemap written by the site").
 */
import type { AstroIntegration } from 'astro';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrorPage, sitemapFiles } from '../lib/sitemap';
import { absoluteUrl, createUrls, type Urls } from '../lib/urls';

/** The integration; the site's `site` (from `SITE`) makes the sitemap's absolute URLs. */
export function sitemap(): AstroIntegration {
  let address: { site: string; urls: Urls } | undefined;
  return {
    name: 'court-archive:sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        address = config.site === undefined ? undefined : { site: config.site, urls: createUrls(config.base) };
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        if (address === undefined) {
          logger.warn('no `site` in the configuration, so no absolute URLs: no sitemap written');
          return;
        }
        const { site, urls } = address;
        const absolute = (path: string) => absoluteUrl(site, urls.asset(path));
        const pageUrls = pages.filter(({ pathname }) => !isErrorPage(pathname)).map(({ pathname }) => absolute(pathname));
        const files = sitemapFiles(pageUrls, absolute);
        const outDir = fileURLToPath(dir);
        // Each file whole or not at all: written beside its place, then renamed into it.
        for (const { file, xml } of files) {
          const partial = join(outDir, `${file}.partial-${process.pid}`);
          await writeFile(partial, xml);
          await rename(partial, join(outDir, file));
        }
        logger.info(`${files.at(-1)?.file} written: ${pageUrls.length} page(s) in ${files.length - 1} file(s)`);
      },
    },
  };
}

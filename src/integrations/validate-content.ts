/** Astro integration: validates every article file before Astro starts, listing all problems at once. */
import type { AstroIntegration } from 'astro';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkArchive, type CheckedArticle } from '../lib/article-check';
import { SINGLE_FILE_STORE } from '../lib/content-store';
import { formatProblems } from '../schema/validate';

/** The file in Astro's cache folder that keeps the last check (`lib/article-check.ts`). */
export const ARTICLE_CHECK_FILE = 'article-check.json';

/**
 * Fails `astro build` and `astro dev` when any article in `contentDir` is invalid. Astro's own content
 * layer would stop at the first bad file; this reports every file and field, and reads the YAML without
 * timestamp conversion so that impossible dates such as 2021-02-30 are refused rather than rolled over.
 * Having read the archive, it gives `onValid` each article's id, file, date, whether it is a draft and
 * whether its file is unchanged since the last check (the search index plans its shards from them, and
 * reads the sources while Astro starts). The check is kept in the cache folder, so that the next build
 * reads only the files changed since.
 */
export function validateContent(contentDir: string, onValid: (articles: CheckedArticle[]) => void = () => {}): AstroIntegration {
  return {
    name: 'court-archive:validate-content',
    hooks: {
      'astro:config:setup': async ({ logger, config, command }) => {
        const cacheDir = fileURLToPath(config.cacheDir);
        const { articles, problems, filesRead, notKept } = await checkArchive(contentDir, join(cacheDir, ARTICLE_CHECK_FILE));
        // The next build only reads every file again.
        if (notKept !== undefined) logger.warn(notKept);
        if (problems.length > 0) {
          const shown = problems.map((p) => ({ ...p, file: relative(process.cwd(), p.file) }));
          throw new Error(
            `${problems.length} problem(s) in the articles under ${contentDir}:\n${formatProblems(shown)}`,
          );
        }
        onValid(articles);
        // The store in one file, as builds before the chunked layout (`lib/content-store.ts`) left it.
        if (command === 'build') await rm(join(cacheDir, SINGLE_FILE_STORE), { force: true });
        const unchanged = filesRead < articles.length ? ` (${filesRead} read, the others unchanged since the last check)` : '';
        logger.info(`${articles.length} article(s) valid in ${contentDir}${unchanged}`);
      },
    },
  };
}

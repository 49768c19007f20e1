/** Astro integration: validates every article file before Astro starts, listing all problems at once. */
import type { AstroIntegration } from 'astro';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkArchive, type CheckedArticle } from '../lib/article-check';
import { contentStorage, STORE_PATHS } from '../lib/content-store';
import { formatProblems } from '../schema/validate';

/** The file in Astro's cache folder that keeps the last check (`lib/article-check.ts`). */
export const ARTICLE_CHECK_FILE = 'article-check.json';

/**
 * Fails `astro build` and `astro dev` when any article in `contentDir` is invalid. Astro's own content
 * layer would stop at the first bad file; this reports every file and field, and reads the YAML without
 * timestamp conversion so that impossible dates such as 2021-02-30 are refused rather than rolled over.
 * Having read the archive, it sets the layout of Astro's content store for its size (`lib/content-store.ts`),
 * and gives `onValid` each article's id, file, date, whether it is a draft and whether its file is
 * unchanged since the last check (the search index plans its shards from them, and reads the sources
 * while Astro starts). The check is kept in the cache folder, so that the next build reads only the
 * files changed since.
 */
export function validateContent(contentDir: string, onValid: (articles: CheckedArticle[]) => void = () => {}): AstroIntegration {
  return {
    name: 'court-archive:validate-content',
    hooks: {
      'astro:config:setup': async ({ logger, updateConfig, config, command }) => {
        const cacheDir = fileURLToPath(config.cacheDir);
        const { articles, problems, sourceChars, filesRead, notKept } = await checkArchive(contentDir, join(cacheDir, ARTICLE_CHECK_FILE));
        // The next build only reads every file again.
        if (notKept !== undefined) logger.warn(notKept);
        if (problems.length > 0) {
          const shown = problems.map((p) => ({ ...p, file: relative(process.cwd(), p.file) }));
          throw new Error(
            `${problems.length} problem(s) in the articles under ${contentDir}:\n${formatProblems(shown)}`,
          );
        }
        onValid(articles);
        const storage = contentStorage(sourceChars);
        updateConfig({ experimental: { collectionStorage: storage } });
        // A store of the other layout, left by a build before the archive crossed the line, is never read again.
        const other = storage === 'single-file' ? 'chunked' : 'single-file';
        if (command === 'build') await rm(join(cacheDir, STORE_PATHS[other]), { recursive: true, force: true });
        const unchanged = filesRead < articles.length ? ` (${filesRead} read, the others unchanged since the last check)` : '';
        logger.info(`${articles.length} article(s) valid in ${contentDir}${unchanged}; content store: ${storage}`);
      },
    },
  };
}

/** Wires the article files to the shared schema; the schema itself lives in `schema/article.ts`. */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema } from './schema/article';
import { ARTICLE_GLOB, articleIdFromPath } from './lib/article-files';
import { resolveContentDir } from './lib/content-dir';

const articles = defineCollection({
  loader: glob({
    pattern: ARTICLE_GLOB,
    base: resolveContentDir(process.env, process.cwd()),
    generateId: ({ entry }) => articleIdFromPath(entry),
    // The raw Markdown is not used once rendered; left out, the content store is half the size.
    retainBody: false,
  }),
  schema: articleSchema,
});

export const collections = { articles };

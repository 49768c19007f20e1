// @ts-check
/** Astro configuration. SITE, BASE and CONTENT_DIR come from the environment; see README.md. */
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { markdownProcessor } from './src/integrations/markdown.ts';
import { resolveContentDir } from './src/lib/content-dir.ts';
import { STORE_LAYOUT } from './src/lib/content-store.ts';
import { pruneOutput } from './src/integrations/prune-output.ts';
import { sequentialRenderScope } from './src/integrations/render-scope.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { sitemap } from './src/integrations/sitemap.ts';
import { syncedStore } from './src/integrations/synced-store.ts';
import { validateContent } from './src/integrations/validate-content.ts';

const site = process.env.SITE || 'http://localhost:4321';
const base = process.env.BASE || '/';
// `SEARCH_INDEX=off` builds the pages alone (the benchmark's baseline runs Pagefind's own CLI instead).
const searchIndexed = process.env.SEARCH_INDEX !== 'off';
// Where Astro keeps its caches (content store, search index shards); the benchmark uses its own.
const cacheDir = process.env.CACHE_DIR || undefined;
/**
 * The articles a build publishes (id, source file, date, whether the file is unchanged since the last
 * check), validated before it: the search index plans its shards from them, and reads their sources
 * while Astro starts.
 * @type {{ id: string, file: string, date: string, unchanged: boolean }[]}
 */
let published = [];
const search = searchIndexed ? searchIndex(() => published) : undefined;

export default defineConfig({
  site,
  base,
  ...(cacheDir ? { cacheDir } : {}),
  trailingSlash: 'always',
  // Stylesheets always as files, never inline, so the Content-Security-Policy needs no 'unsafe-inline'.
  // One page rendered at a time. When Astro wrote pages through promises, four at once took the 23,700
  // pages of 10,000 bulletins from 44 s to 26 s; pages are now written synchronously by a worker thread
  // (patches/astro+7.3.5.patch), and one at a time measured the same (docs/performance.md, "Pages
  // written at once"). It lets what each page uses be recorded without an `AsyncLocalStorage`
  // (src/integrations/render-scope.ts); with more than one, Astro's own scope is used instead.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 1 },
  // Bulletins are kept as written (src/integrations/markdown.ts).
  markdown: { processor: markdownProcessor() },
  // Pages whose data and code did not change are kept from the previous build instead of rendered
  // again: each bulletin page and each page of a paginated listing gives a cache key of all its data
  // (`cacheKeyOf` in src/paths.ts); pages without `getStaticPaths` (the indexes) are always rendered.
  // The content store in parts, each bulletin serialized on its own and written again only when it
  // changed (src/lib/content-store.ts).
  experimental: { incrementalBuild: true, collectionStorage: STORE_LAYOUT },
  // The output folder is kept between builds, so unchanged pages stay where they are (deleting and
  // copying back 38,000 files took about 20 s at 10,000 bulletins); `pruneOutput` then removes what
  // this build neither listed nor wrote.
  vite: { build: { emptyOutDir: false } },
  integrations: [
    // The search index is started first and finished last: its process loads while the articles are
    // validated (and is begun once they are), and the sitemap and pruning run while it writes its last
    // shards (src/integrations/search-index.ts).
    ...(search ? [search.begin] : []),
    validateContent(resolveContentDir(process.env, process.cwd()), (articles) => {
      // Drafts are left out of builds (`getArchive` in src/content.ts).
      published = articles.filter((article) => !article.draft);
    }),
    // The pages use the content store the build has synced instead of a copy bundled into the build.
    syncedStore(),
    sequentialRenderScope(),
    mdx(),
    sitemap(),
    // Once every other integration has written its files; the search index manages `pagefind/` itself.
    pruneOutput(search ? ['pagefind/'] : []),
    ...(search ? [search.end] : []),
  ],
});

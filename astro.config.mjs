// @ts-check
/** Astro configuration. SITE, BASE and CONTENT_DIR come from the environment; see README.md. */
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { resolveContentDir } from './src/lib/content-dir.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { validateContent } from './src/integrations/validate-content.ts';

const site = process.env.SITE || 'http://localhost:4321';
const base = process.env.BASE || '/';
// `SEARCH_INDEX=off` builds the pages alone (the benchmark's baseline runs Pagefind's own CLI instead).
const searchIndexed = process.env.SEARCH_INDEX !== 'off';
// Where Astro keeps its caches (content store, search index shards); the benchmark uses its own.
const cacheDir = process.env.CACHE_DIR || undefined;

export default defineConfig({
  site,
  base,
  ...(cacheDir ? { cacheDir } : {}),
  trailingSlash: 'always',
  // Stylesheets always as files, never inline, so the Content-Security-Policy needs no 'unsafe-inline'.
  // Four pages rendered at once: rendering waits on file writes, and overlapping them took the 23,700
  // pages of 10,000 bulletins from 44 s to 26 s (docs/performance.md); eight or sixteen gained nothing.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  // Bulletins are kept as written: no "smart" quotes or dashes added to their text.
  markdown: { smartypants: false },
  integrations: [validateContent(resolveContentDir(process.env, process.cwd())), mdx(), sitemap(), ...(searchIndexed ? [searchIndex()] : [])],
});

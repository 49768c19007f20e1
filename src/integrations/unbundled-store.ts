/**
 * Astro integration: in a build, the pages read Astro's content store from its files, not a bundled copy.
 *
 * Astro 7.3.5 turns the store (every bulletin's data and rendered HTML, written to the cache folder when
 * the content is synced) into a JavaScript module holding all of it as one string literal, which Vite
 * bundles and Node then loads, on every build: the 70 MB store file of 10,000 bulletins, escaped into a
 * module, bundled in 5–6 s of every build (docs/performance.md, "Content store"). Pages are rendered on
 * this machine, by the build's own process, right after the bundle, while the store's files are still
 * where the sync wrote them; so the modules below only name those files. (An adapter that prerendered
 * outside Node, without `node:fs`, could not use them; this site has none.)
 *
 * It relies on how Astro 7.3.5 names its store modules and files ({@link ASTRO_STORE},
 * `lib/content-store.ts`). The build test looks for {@link UNBUNDLED_MESSAGE} in a build's log, so an
 * Astro that renames the single file's module fails the tests instead of bundling the store again
 * unnoticed; the chunks' names (used past about 19,000 bulletins) are checked only against these
 * constants, so an Astro upgrade should be followed by a bench at 100,000 (docs/performance.md).
 */
import type { AstroIntegration, ViteUserConfig } from 'astro';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STORE_PATHS, type ContentStorage } from '../lib/content-store';

/** Astro 7.3.5's names for its store (`astro/dist/content/consts.js`, `core/constants.js`). */
export const ASTRO_STORE = {
  /** The store module; in the chunked layout, the module that imports the chunks. */
  module: '\0astro:data-layer-content',
  /** One chunk of the chunked layout: the prefix, the chunk's file name, `.mjs`. */
  chunkPrefix: '\0astro:data-layer-content-chunk:',
  chunkSuffix: '.mjs',
  chunkFile: /^[a-f0-9]{16}\.txt$/,
  /** The Vite environment that renders the pages of a build. */
  environment: 'prerender',
  /** Marks a module as content data, left out of the code a page's incremental cache key is made of. */
  meta: { astroIncremental: { kind: 'content-data' } },
} as const;

/** The log line each build writes once the store is read from its files: the build test looks for it. */
export const UNBUNDLED_MESSAGE = 'content store read from its files when pages are rendered, not bundled';

/**
 * The code of a module whose default export is the text of `file`, parsed as JSON if `parse`. Astro
 * takes a store it cannot load for an empty one (`ImmutableDataStore.fromModule`), which would build a
 * site without bulletins and then prune the bulletins of the last build; so a file that cannot be read
 * stops the build instead, naming the file.
 */
function readingModule(file: string, parse: boolean): string {
  const read = `readFileSync(${JSON.stringify(file)}, "utf-8")`;
  return [
    'import { readFileSync } from "node:fs";',
    'let store;',
    `try { store = ${parse ? `JSON.parse(${read})` : read}; } catch (error) {`,
    `  console.error(${JSON.stringify(`cannot read Astro's content store ${file}:`)}, error);`,
    '  process.exit(1);',
    '}',
    'export default store;',
    '',
  ].join('\n');
}

/**
 * The module that stands for the store module `id` of a build whose cache folder is `cacheDir` and whose
 * store has the layout `storage`, or undefined to leave `id` to Astro: the single file (when it exists;
 * without it Astro gives an empty store), or one chunk. The chunked layout's own module is Astro's: it
 * only imports the chunks.
 */
export function unbundledStoreModule(id: string, cacheDir: string, storage: ContentStorage): string | undefined {
  if (id === ASTRO_STORE.module) {
    const file = join(cacheDir, STORE_PATHS['single-file']);
    return storage === 'single-file' && existsSync(file) ? readingModule(file, true) : undefined;
  }
  if (storage === 'chunked' && id.startsWith(ASTRO_STORE.chunkPrefix) && id.endsWith(ASTRO_STORE.chunkSuffix)) {
    const name = id.slice(ASTRO_STORE.chunkPrefix.length, -ASTRO_STORE.chunkSuffix.length);
    return ASTRO_STORE.chunkFile.test(name) ? readingModule(join(cacheDir, STORE_PATHS.chunked, name), false) : undefined;
  }
  return undefined;
}

/** A Vite plugin, as Astro's configuration takes it. */
type VitePlugin = Extract<NonNullable<ViteUserConfig['plugins']>[number], { name: string }>;

/** The integration: in `astro build` only, and only where pages are rendered at build time. */
export function unbundledStore(): AstroIntegration {
  let cacheDir = '';
  let storage: ContentStorage = 'single-file';
  return {
    name: 'court-archive:unbundled-store',
    hooks: {
      'astro:config:setup': ({ command, updateConfig, logger }) => {
        if (command !== 'build') return;
        let logged = false;
        const plugin: VitePlugin = {
          name: 'court-archive:unbundled-store',
          apply: 'build',
          load: {
            // Before Astro's own plugin, which would give the store's whole text.
            order: 'pre',
            filter: { id: new RegExp(`^${ASTRO_STORE.module}`) },
            handler(id) {
              if (this.environment.name !== ASTRO_STORE.environment) return null;
              const code = unbundledStoreModule(id, cacheDir, storage);
              if (code === undefined) return null;
              if (!logged) logger.info(UNBUNDLED_MESSAGE);
              logged = true;
              return { code, map: { mappings: '' }, meta: ASTRO_STORE.meta };
            },
          },
        };
        updateConfig({ vite: { plugins: [plugin] } });
      },
      // After every integration's setup, so the layout `validate-content` chose is known.
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        storage = config.experimental.collectionStorage === undefined || config.experimental.collectionStorage === 'single-file' ? 'single-file' : 'chunked';
      },
    },
  };
}

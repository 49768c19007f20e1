/**
 * Astro integration: in a build, the pages use the content store the build has just synced, not a
 * bundled copy of it, nor a copy read back from its files.
 *
 * Astro 7.3.5 turns the store (every bulletin's data and rendered HTML, written to the cache folder when
 * the content is synced) into a JavaScript module holding all of it as one string literal, which Vite
 * bundles and Node then loads, on every build: the 70 MB store file of 10,000 bulletins, escaped into a
 * module, bundled in 5–6 s of every build (docs/performance.md, "Content store"). Until the twentieth
 * session the module below read the store back from its files instead (about 1.8 s at 10,000: the read,
 * the parse, and a second copy of the store in memory). Pages are rendered by the build's own process,
 * right after the sync, so the store the sync left in memory is the one they need:
 * `patches/astro+7.3.5.patch` has the sync of `astro build` hand it over under
 * {@link SYNCED_STORE_KEY}, and the store module gives its collections, which Astro's
 * `ImmutableDataStore.fromModule` takes as they are. (An adapter that prerendered outside the build's
 * process could not use it; this site has none.)
 *
 * It relies on how Astro 7.3.5 names its store module ({@link ASTRO_STORE}). The build test looks for
 * {@link SYNCED_STORE_MESSAGE} in a build's log, so an Astro that renames it fails the tests instead of
 * bundling the store again unnoticed; a store not handed over stops the build (see {@link storeModule}).
 */
import type { AstroIntegration, ViteUserConfig } from 'astro';

/** Astro 7.3.5's names for its store (`astro/dist/content/consts.js`). */
export const ASTRO_STORE = {
  /** The store module; in the chunked layout, the module that imports the chunks (then never loaded). */
  module: '\0astro:data-layer-content',
  /** The Vite environment that renders the pages of a build. */
  environment: 'prerender',
  /** Marks a module as content data, left out of the code a page's incremental cache key is made of. */
  meta: { astroIncremental: { kind: 'content-data' } },
} as const;

/** Where the patched sync of `astro build` leaves its store (`astro/dist/core/sync/index.js`). */
export const SYNCED_STORE_KEY = 'court-archive.syncedContentStore';

/** The log line each build writes once the store module is the synced store: the build test looks for it. */
export const SYNCED_STORE_MESSAGE = 'content store handed from its sync to the pages, not bundled';

/**
 * The code of the store module: the collections of the store the build's sync left under
 * {@link SYNCED_STORE_KEY}. Astro takes a store module it cannot load for an empty store
 * (`ImmutableDataStore.fromModule`), which would build a site without bulletins and then prune the
 * bulletins of the last build; so a store not handed over (a sync that did not run or did not finish, the
 * patch not applied, or an Astro whose sync no longer runs in the build's process) stops the build
 * instead, saying why.
 */
export function storeModule(): string {
  return [
    `const store = globalThis[Symbol.for(${JSON.stringify(SYNCED_STORE_KEY)})];`,
    'if (typeof store?.collections !== "function") {',
    `  console.error(${JSON.stringify("Astro's content sync did not hand its store to the pages: it did not run or did not finish, or patches/astro+7.3.5.patch is not applied")});`,
    '  process.exit(1);',
    '}',
    'export default store.collections();',
    '',
  ].join('\n');
}

/** A Vite plugin, as Astro's configuration takes it. */
type VitePlugin = Extract<NonNullable<ViteUserConfig['plugins']>[number], { name: string }>;

/** The integration: in `astro build` only, and only where pages are rendered at build time. */
export function syncedStore(): AstroIntegration {
  return {
    name: 'court-archive:synced-store',
    hooks: {
      'astro:config:setup': ({ command, updateConfig, logger }) => {
        if (command !== 'build') return;
        let logged = false;
        const plugin: VitePlugin = {
          name: 'court-archive:synced-store',
          apply: 'build',
          load: {
            // Before Astro's own plugin, which would give the store's whole text.
            order: 'pre',
            filter: { id: new RegExp(`^${ASTRO_STORE.module}$`) },
            handler() {
              if (this.environment.name !== ASTRO_STORE.environment) return null;
              if (!logged) logger.info(SYNCED_STORE_MESSAGE);
              logged = true;
              return { code: storeModule(), map: { mappings: '' }, meta: ASTRO_STORE.meta };
            },
          },
        };
        updateConfig({ vite: { plugins: [plugin] } });
      },
    },
  };
}

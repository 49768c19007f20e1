/**
 * Astro integration: the pages read Astro's content store from its file when they are rendered,
 * instead of from a copy bundled into the build.
 *
 * Astro 7.3.5 turns the store (every bulletin's data and rendered HTML, written to the cache folder when
 * the content is synced) into a JavaScript module holding all of it as one string literal, which Vite
 * bundles and Node then loads, on every build. At 10,000 bulletins that is a 70 MB module: bundling it
 * took about 6 s of a 22.6 s rebuild with nothing changed (17.0 s without it), and at 100,000 Vite's
 * bundle step took 49 s and Astro's process peaked at 8 GB from that step on (docs/performance.md). In a
 * static build the pages are rendered on this machine, in this process, right after the bundle, while
 * the store's files are still where the sync wrote them; so the modules below only name those files.
 *
 * It relies on how Astro 7.3.5 names its store modules and files (the `ASTRO_STORE` constants); the
 * build test checks its log line, so an Astro that names them otherwise fails the tests instead of
 * silently bundling the store again.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { STORE_PATHS } from '../lib/content-store';

/** Astro 7.3.5's ids of the store's virtual modules (`astro/dist/content/consts.js`). */
export const ASTRO_STORE = {
  /** The store, or for the chunked layout the module that imports its chunks. */
  module: '\0astro:data-layer-content',
  /** One chunk of the chunked layout: the prefix, the chunk's file name, `.mjs`. */
  chunkPrefix: '\0astro:data-layer-content-chunk:',
  chunkSuffix: '.mjs',
  chunkFile: /^[a-f0-9]{16}\.txt$/,
} as const;

/** The log line each build writes once the store is read from its files: the build test looks for it. */
export const UNBUNDLED_MESSAGE = 'content store read from its files when pages are rendered, not bundled';

/**
 * The module that stands for the store module `id` of a build whose cache folder is `cacheDir`, or
 * undefined to leave `id` to Astro: the single file's module (when it exists; without it Astro gives an
 * empty store), or one chunk's. The chunked layout's own module is Astro's: it only imports the chunks.
 */
export function unbundledStoreModule(id: string, cacheDir: string): string | undefined {
  const read = (file: string, parse: boolean) => {
    const text = `readFileSync(${JSON.stringify(file)}, "utf-8")`;
    return `import { readFileSync } from "node:fs";\nexport default ${parse ? `JSON.parse(${text})` : text};\n`;
  };
  if (id === ASTRO_STORE.module) {
    const file = join(cacheDir, STORE_PATHS['single-file']);
    return existsSync(file) ? read(file, true) : undefined;
  }
  if (id.startsWith(ASTRO_STORE.chunkPrefix) && id.endsWith(ASTRO_STORE.chunkSuffix)) {
    const name = id.slice(ASTRO_STORE.chunkPrefix.length, -ASTRO_STORE.chunkSuffix.length);
    if (!ASTRO_STORE.chunkFile.test(name)) return undefined;
    return read(join(cacheDir, STORE_PATHS.chunked, name), false);
  }
  return undefined;
}

/** The integration; a static build only (a server build must carry its store with it). */
export function unbundledStore(): AstroIntegration {
  return {
    name: 'court-archive:unbundled-store',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, logger }) => {
        if (command !== 'build' || config.output !== 'static') return;
        const cacheDir = fileURLToPath(config.cacheDir);
        let logged = false;
        const plugin: Plugin = {
          name: 'court-archive:unbundled-store',
          apply: 'build',
          load: {
            // Before Astro's own plugin, which would return the store's whole text.
            order: 'pre',
            handler(id) {
              if (this.environment.config.consumer === 'client') return null;
              const code = unbundledStoreModule(id, cacheDir);
              if (code === undefined) return null;
              if (!logged) logger.info(UNBUNDLED_MESSAGE);
              logged = true;
              return { code, map: { mappings: '' } };
            },
          },
        };
        updateConfig({ vite: { plugins: [plugin] } });
      },
    },
  };
}

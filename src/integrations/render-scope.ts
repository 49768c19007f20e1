/**
 * Astro integration: in a build, the store of what a page uses (its content entries and images, which
 * Astro's incremental build records for each page it renders) is kept in a variable, as pages are
 * rendered one at a time, instead of in an `AsyncLocalStorage`.
 *
 * Astro 7.3.5 installs an `AsyncLocalStorage` as its render scope for the first page it renders with
 * `experimental.incrementalBuild` (`astro/dist/core/build/default-prerenderer.js`), unless a scope is
 * installed already (`installRenderScope` from `astro/app`: the first one installed is kept). On Node 22,
 * an `AsyncLocalStorage` in use has every promise of the process call async hooks, and rendering a page
 * makes many promises. With the store in a variable, Astro's process took 1.0 s less processor time on
 * average to build the pages of 10,000 bulletins, in five alternating pairs of builds with the search
 * index off (docs/performance.md, "Twenty-third session").
 *
 * A variable holds the store of one page at a time, so the scope is installed only where Astro renders
 * one page at a time (`build.concurrency` 1); a second page begun while one renders is an error rather
 * than a page credited with another's entries.
 */
import type { AstroIntegration } from 'astro';
import { getInstalledRenderScope, installRenderScope, type RenderCollectorScope, type RenderCollectors } from 'astro/app';

/**
 * Where Astro 7.3.5 keeps the installed render scope (`astro/dist/core/render-scope/scope.js`), which
 * `astro/app` offers no way to remove: a build that ends takes its scope away, so that a later build in
 * the same process (through Astro's `build` function) gets the scope its own configuration calls for.
 */
const RENDER_SCOPE_KEY = Symbol.for('astro:render-scope');

/** The render scope for pages rendered one after the other: the store of the page being rendered. */
export class SequentialRenderScope implements RenderCollectorScope {
  #store: RenderCollectors | undefined;

  run<T>(store: RenderCollectors, render: () => T): T {
    if (this.#store !== undefined) {
      throw new Error('Astro began rendering a page before the last one was rendered: with `build.concurrency` above 1, leave the render scope to Astro');
    }
    this.#store = store;
    const end = () => {
      this.#store = undefined;
    };
    let result: T;
    try {
      result = render();
    } catch (error) {
      end();
      throw error;
    }
    if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') return Promise.resolve(result).finally(end) as T;
    end();
    return result;
  }

  getStore(): RenderCollectors | undefined {
    return this.#store;
  }
}

/**
 * Installs a {@link SequentialRenderScope} in a build whose pages are rendered one at a time, and
 * removes it when the build is done.
 */
export function sequentialRenderScope(): AstroIntegration {
  let concurrency = 1;
  let installed: SequentialRenderScope | undefined;
  return {
    name: 'court-archive:render-scope',
    hooks: {
      'astro:config:done': ({ config }) => {
        concurrency = config.build.concurrency;
      },
      // In builds only: the development server renders pages as they are asked for, several at once.
      'astro:build:start': ({ logger }) => {
        if (concurrency !== 1) {
          logger.info(`pages rendered ${concurrency} at a time: Astro's render scope kept`);
          return;
        }
        const scope = new SequentialRenderScope();
        if (installRenderScope(scope) === scope) installed = scope;
        else logger.warn('a render scope was installed before this build began: it is kept, and what each page uses is recorded through it');
      },
      'astro:build:done': () => {
        if (installed !== undefined && getInstalledRenderScope() === installed) {
          delete (globalThis as Record<symbol, unknown>)[RENDER_SCOPE_KEY];
        }
        installed = undefined;
      },
    },
  };
}

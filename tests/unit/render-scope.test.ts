/**
 * The render scope of a build (src/integrations/render-scope.ts): the store of the page being rendered,
 * kept in a variable while Astro renders one page at a time, and installed only for such builds.
 */
import type { AstroIntegration } from 'astro';
import { collectPrerenderMetadata, getInstalledRenderScope, installRenderScope, recordStaticImage } from 'astro/app';
import { afterEach, describe, expect, it } from 'vitest';
import siteConfig from '../../astro.config.mjs';
import { SequentialRenderScope, sequentialRenderScope } from '../../src/integrations/render-scope';

/** Astro's process-wide slot for the render scope (`astro/dist/core/render-scope/scope.js`); emptied after each test. */
const SCOPE_KEY = Symbol.for('astro:render-scope');

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[SCOPE_KEY];
});

const collectors = () => ({ contentEntries: new Set<string>(), staticImages: [], referencedImages: new Set<string>() });

describe('the sequential render scope', () => {
  it('gives the store of the page being rendered, through its awaits, and none once it is rendered', async () => {
    const scope = new SequentialRenderScope();
    const store = collectors();
    expect(scope.getStore()).toBeUndefined();
    const rendered = scope.run(store, async () => {
      scope.getStore()?.contentEntries?.add('content/a.md');
      await new Promise((resolve) => setTimeout(resolve, 1));
      scope.getStore()?.contentEntries?.add('content/b.md');
      return 'html';
    });
    expect(scope.getStore()).toBe(store);
    await expect(rendered).resolves.toBe('html');
    expect(scope.getStore()).toBeUndefined();
    expect([...store.contentEntries]).toEqual(['content/a.md', 'content/b.md']);
    expect(scope.run(collectors(), () => 42)).toBe(42);
    expect(scope.getStore()).toBeUndefined();
  });

  it('keeps the store until a thenable that is not a promise settles', async () => {
    const scope = new SequentialRenderScope();
    const store = collectors();
    let settle = (_value: string) => {};
    const thenable = { then: (resolve: (value: string) => void) => void (settle = resolve) };
    const rendered = scope.run(store, () => thenable) as unknown as Promise<string>;
    await Promise.resolve();
    expect(scope.getStore()).toBe(store);
    settle('html');
    await expect(rendered).resolves.toBe('html');
    expect(scope.getStore()).toBeUndefined();
  });

  it('lets the next page be rendered after one that failed, whether it threw or rejected', async () => {
    const scope = new SequentialRenderScope();
    expect(() =>
      scope.run(collectors(), () => {
        throw new Error('thrown');
      }),
    ).toThrow('thrown');
    expect(scope.getStore()).toBeUndefined();
    await expect(scope.run(collectors(), async () => Promise.reject(new Error('rejected')))).rejects.toThrow('rejected');
    expect(scope.getStore()).toBeUndefined();
    const next = collectors();
    await scope.run(next, async () => expect(scope.getStore()).toBe(next));
  });

  it('refuses a page begun while another renders, rather than credit it with the other page’s entries', async () => {
    const scope = new SequentialRenderScope();
    const first = collectors();
    let release = () => {};
    const rendering = scope.run(first, () => new Promise<void>((resolve) => (release = resolve)));
    expect(() => scope.run(collectors(), () => 'second')).toThrow(/before the last one was rendered.*build\.concurrency/);
    expect(scope.getStore()).toBe(first);
    release();
    await rendering;
    expect(scope.getStore()).toBeUndefined();
  });
});

/** Runs `hook` of `integration` with `options`. */
async function run(integration: AstroIntegration, hook: string, options: Record<string, unknown>): Promise<void> {
  await (integration.hooks as Record<string, (options: unknown) => unknown>)[hook]?.(options);
}

const logger = { info: () => {}, warn: () => {} };

describe('the render scope integration', () => {
  it('installs the sequential scope when a build renders one page at a time, as Astro’s scope for every page, and removes it when the build is done', async () => {
    const integration = sequentialRenderScope();
    await run(integration, 'astro:config:done', { config: { build: { concurrency: 1 } } });
    expect(getInstalledRenderScope()).toBeUndefined();
    await run(integration, 'astro:build:start', { logger });
    expect(getInstalledRenderScope()).toBeInstanceOf(SequentialRenderScope);

    // Astro records what a page uses through it, before and after the page's awaits.
    const image = (src: string) => ({ src }) as unknown as Parameters<typeof recordStaticImage>[0];
    const { value, metadata } = await collectPrerenderMetadata(async () => {
      recordStaticImage(image('/a.webp'));
      await new Promise((resolve) => setTimeout(resolve, 1));
      recordStaticImage(image('/b.webp'));
      return 'html';
    }, logger as never);
    expect(value).toBe('html');
    expect(metadata?.staticImages).toEqual([image('/a.webp'), image('/b.webp')]);
    // Nothing is recorded between pages.
    recordStaticImage(image('/c.webp'));
    const next = await collectPrerenderMetadata(async () => 'html', logger as never);
    expect(next.metadata?.staticImages).toEqual([]);

    await run(integration, 'astro:build:done', {});
    expect(getInstalledRenderScope()).toBeUndefined();
  });

  it('keeps a scope installed before the build began, and says so', async () => {
    const earlier = new SequentialRenderScope();
    installRenderScope(earlier);
    const integration = sequentialRenderScope();
    const warned: string[] = [];
    await run(integration, 'astro:config:done', { config: { build: { concurrency: 1 } } });
    await run(integration, 'astro:build:start', { logger: { ...logger, warn: (line: string) => warned.push(line) } });
    expect(getInstalledRenderScope()).toBe(earlier);
    expect(warned).toHaveLength(1);
    await run(integration, 'astro:build:done', {});
    expect(getInstalledRenderScope()).toBe(earlier);
  });

  it('leaves the scope to Astro when pages are rendered several at a time', async () => {
    const integration = sequentialRenderScope();
    const said: string[] = [];
    await run(integration, 'astro:config:done', { config: { build: { concurrency: 4 } } });
    await run(integration, 'astro:build:start', { logger: { info: (line: string) => said.push(line) } });
    expect(getInstalledRenderScope()).toBeUndefined();
    expect(said).toEqual(["pages rendered 4 at a time: Astro's render scope kept"]);
  });

  it('is in the site’s configuration, which renders one page at a time', () => {
    const names = (siteConfig.integrations ?? []).flat().map((integration) => (integration as AstroIntegration).name);
    expect(names).toContain('court-archive:render-scope');
    expect(siteConfig.build?.concurrency).toBe(1);
  });
});

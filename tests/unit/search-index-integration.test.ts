/**
 * When the search index integration (`searchIndex` in src/integrations/search-index.ts) starts its
 * process and what it sends it: started as a build's configuration is set up, so that it loads its code
 * while the articles are validated, and begun once they are.
 */
import type { AstroIntegration } from 'astro';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const forked = vi.hoisted(() => ({ sent: [] as unknown[], count: 0, execArgv: [] as string[] }));
vi.mock('../../src/integrations/child-job.mjs', () => ({
  forkForAnswer: (_entry: string, _what: string, options: { execArgv: string[] }) => {
    forked.count += 1;
    forked.execArgv = options.execArgv;
    const child = {
      pid: undefined,
      channel: { unref() {}, ref() {} },
      unref() {},
      ref() {},
      send(message: unknown, done?: () => void) {
        forked.sent.push(message);
        done?.();
      },
    };
    return { child, answer: new Promise(() => {}) };
  },
}));

const { searchIndex } = await import('../../src/integrations/search-index');

/** Runs `hook` of `integration` with `options`. */
async function run(integration: AstroIntegration, hook: string, options: Record<string, unknown>): Promise<void> {
  await (integration.hooks as Record<string, (options: unknown) => unknown>)[hook]?.(options);
}

const config = { cacheDir: new URL('file:///tmp/cache/'), outDir: new URL('file:///tmp/dist/'), base: '/' };
const ARTICLE = { id: '2021-03-05-e6e5bdee', file: '/c/2021-03-05-e6e5bdee.md', date: '2021-03-05', unchanged: false };

describe('the search index integration', () => {
  beforeEach(() => {
    forked.sent = [];
    forked.count = 0;
  });

  it('starts its process as a build is set up, and begins it with the articles validated meanwhile', async () => {
    let articles: (typeof ARTICLE)[] = [];
    const { begin } = searchIndex(() => articles);
    await run(begin, 'astro:config:setup', { command: 'build' });
    expect(forked.count).toBe(1);
    expect(forked.sent).toEqual([]);
    // With a young generation larger than V8's default (16 MB semi-spaces), and TypeScript loaded.
    expect(forked.execArgv[0]).toMatch(/^--max-semi-space-size=(\d+)$/);
    expect(Number(forked.execArgv[0]?.split('=')[1])).toBeGreaterThan(16);
    expect(forked.execArgv.slice(1, 2)).toEqual(['--import']);
    // The article check runs after `begin`'s setup (astro.config.mjs).
    articles = [ARTICLE];
    await run(begin, 'astro:config:done', { config });
    expect(forked.sent).toEqual([{ type: 'begin', cacheDir: '/tmp/cache/search-index', outDir: '/tmp/dist/', articles: [ARTICLE] }]);
    await run(begin, 'astro:build:start', { setPrerenderer: () => {} });
    expect(forked.count).toBe(1);
    expect(forked.sent).toHaveLength(1);
  });

  it('starts no process but for a build', async () => {
    const { begin } = searchIndex(() => [ARTICLE]);
    await run(begin, 'astro:config:setup', { command: 'dev' });
    await run(begin, 'astro:config:done', { config });
    expect(forked.count).toBe(0);
  });
});

describe("the site's configuration", () => {
  // The configuration leaves the search index out under SEARCH_INDEX=off.
  it.skipIf(process.env.SEARCH_INDEX === 'off')('sets up the search index before the article check, and finishes it after the sitemap and pruning', async () => {
    const { default: siteConfig } = await import('../../astro.config.mjs');
    const names = (siteConfig.integrations ?? []).flat().map((integration) => (integration as AstroIntegration).name);
    const at = (name: string) => names.indexOf(name);
    expect(at('court-archive:search-index')).toBeGreaterThanOrEqual(0);
    expect(at('court-archive:search-index')).toBeLessThan(at('court-archive:validate-content'));
    expect(at('court-archive:search-index-done')).toBeGreaterThan(at('court-archive:prune-output'));
    expect(at('court-archive:search-index-done')).toBeGreaterThan(at('court-archive:sitemap'));
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASTRO_STORE, SYNCED_STORE_KEY, SYNCED_STORE_MESSAGE, storeModule, syncedStore } from '../../src/integrations/synced-store';

/**
 * Runs the store module in a Node process of its own, as the rendered pages load it, after `prelude`
 * (which may hand over a store as the patched sync does); prints what it exports.
 */
async function runModule(prelude: string) {
  const dir = await mkdtemp(join(tmpdir(), 'store-'));
  await writeFile(join(dir, 'store.mjs'), storeModule());
  await writeFile(
    join(dir, 'main.mjs'),
    `${prelude}\nconst { default: collections } = await import("./store.mjs");\n` +
      'console.log(JSON.stringify([...collections].map(([name, entries]) => [name, [...entries]])));\n',
  );
  try {
    return spawnSync(process.execPath, [join(dir, 'main.mjs')], { encoding: 'utf8' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the store module', () => {
  it("gives the collections of the store the build's sync handed over, as they are", async () => {
    const child = await runModule(
      `class Store { collections() { return new Map([['articles', new Map([['2021-03-05-e6e5bdee', { data: { court: '重庆市高级人民法院' } }]])]]); } }\n` +
        `globalThis[Symbol.for(${JSON.stringify(SYNCED_STORE_KEY)})] = new Store();`,
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([['articles', [['2021-03-05-e6e5bdee', { data: { court: '重庆市高级人民法院' } }]]]]);
  });

  it('stops the build, saying why, when no store was handed over (Astro would take it for an empty store)', async () => {
    for (const prelude of ['', `globalThis[Symbol.for(${JSON.stringify(SYNCED_STORE_KEY)})] = { entries: [] };`]) {
      const child = await runModule(prelude);
      expect(child.status).toBe(1);
      expect(child.stderr).toContain('did not hand its store to the pages');
      expect(child.stdout).toBe('');
    }
  });
});

/** The parts of the integration's Vite plugin the tests call. */
interface StoreLoadHook {
  order: string;
  filter: { id: RegExp };
  handler: (this: { environment: { name: string } }, id: string) => { code: string; meta: unknown } | null;
}

/** Runs the integration's setup hook as `astro <command>` would. */
function setUp(command: string) {
  const integration = syncedStore();
  const plugins: { load: StoreLoadHook }[] = [];
  const logged: string[] = [];
  const hook = integration.hooks['astro:config:setup'] as (options: never) => void;
  hook({
    command,
    updateConfig: (config: { vite: { plugins: { load: StoreLoadHook }[] } }) => plugins.push(...config.vite.plugins),
    logger: { info: (message: string) => logged.push(message) },
  } as never);
  return { plugins, logged };
}

describe('the integration', () => {
  it('answers for the store module where pages are rendered, and for nothing else', () => {
    const { plugins, logged } = setUp('build');
    const load = plugins[0]?.load as StoreLoadHook;
    expect(load.order).toBe('pre');
    expect(load.filter.id.test(ASTRO_STORE.module)).toBe(true);
    // The chunked layout's chunks are imported only by Astro's own store module, which this one replaces.
    expect(load.filter.id.test(`${ASTRO_STORE.module}-chunk:0123456789abcdef.mjs`)).toBe(false);
    expect(load.filter.id.test('\0astro:content')).toBe(false);
    const call = (environment: string) => load.handler.call({ environment: { name: environment } }, ASTRO_STORE.module);
    expect(call('ssr')).toBeNull();
    expect(call('client')).toBeNull();
    expect(logged).toEqual([]);
    expect(call('prerender')).toEqual({ code: storeModule(), map: { mappings: '' }, meta: ASTRO_STORE.meta });
    call('prerender');
    expect(logged).toEqual([SYNCED_STORE_MESSAGE]);
  });

  it('adds nothing outside `astro build`', () => {
    expect(setUp('dev').plugins).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ASTRO_STORE, UNBUNDLED_MESSAGE, unbundledStore, unbundledStoreModule } from '../../src/integrations/unbundled-store';
import { STORE_PATHS } from '../../src/lib/content-store';

/** Writes `code` as a module file in `dir` and returns its path. */
async function moduleFile(code: string, dir: string): Promise<string> {
  const file = join(dir, `module-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, code);
  return file;
}

/** Imports `code` as a module, as the rendered pages do, and returns its default export. */
async function run(code: string, dir: string): Promise<unknown> {
  return ((await import(pathToFileURL(await moduleFile(code, dir)).href)) as { default: unknown }).default;
}

const CHUNK = '0123456789abcdef.txt';
const chunkId = (name: string) => `${ASTRO_STORE.chunkPrefix}${name}${ASTRO_STORE.chunkSuffix}`;

describe('the content store read from its files', () => {
  it('gives the single file store, parsed, as the store module', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    const store = [['articles', 1], { '2021-03-05-e6e5bdee': '法院 "quoted" \\ text' }];
    await writeFile(join(cache, STORE_PATHS['single-file']), JSON.stringify(store));
    const code = unbundledStoreModule(ASTRO_STORE.module, cache, 'single-file');
    expect(code).toBeDefined();
    expect(code).not.toContain('法院');
    expect(await run(code as string, cache)).toEqual(store);
    // In the chunked layout the store module only imports the chunks: Astro's own.
    expect(unbundledStoreModule(ASTRO_STORE.module, cache, 'chunked')).toBeUndefined();
  });

  it("leaves the store module to Astro when there is no store file (Astro's empty store)", async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    expect(unbundledStoreModule(ASTRO_STORE.module, cache, 'single-file')).toBeUndefined();
  });

  it('gives a chunk of the chunked store as its text, and leaves other modules alone', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    await mkdir(join(cache, STORE_PATHS.chunked));
    await writeFile(join(cache, STORE_PATHS.chunked, CHUNK), '[["第一块"]]');
    const code = unbundledStoreModule(chunkId(CHUNK), cache, 'chunked');
    expect(await run(code as string, cache)).toBe('[["第一块"]]');
    expect(unbundledStoreModule(chunkId(CHUNK), cache, 'single-file')).toBeUndefined();
    expect(unbundledStoreModule(chunkId('../secret.txt'), cache, 'chunked')).toBeUndefined();
    expect(unbundledStoreModule('\0astro:content', cache, 'chunked')).toBeUndefined();
    expect(unbundledStoreModule('/work/src/pages/index.astro', cache, 'single-file')).toBeUndefined();
  });

  it('stops the build, naming the file, when the store cannot be read (Astro would take it for empty)', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    const file = join(cache, STORE_PATHS['single-file']);
    await writeFile(file, '[]');
    const code = unbundledStoreModule(ASTRO_STORE.module, cache, 'single-file') as string;
    for (const damage of [() => writeFile(file, '[1,'), () => rm(file)]) {
      await damage();
      const child = spawnSync(process.execPath, [await moduleFile(`${code}console.log("went on");\n`, cache)], { encoding: 'utf8' });
      expect(child.status).toBe(1);
      expect(child.stderr).toContain(`cannot read Astro's content store ${file}`);
      expect(child.stdout).not.toContain('went on');
    }
  });
});

/** The parts of the integration's Vite plugin the tests call. */
interface StoreLoadHook {
  order: string;
  filter: { id: RegExp };
  handler: (this: { environment: { name: string } }, id: string) => { code: string; meta: unknown } | null;
}

/** Runs the integration's hooks as `astro <command>` would, with a store of layout `storage` in `cache`. */
function setUp(command: string, cache: string, storage: unknown) {
  const integration = unbundledStore();
  const plugins: { load: StoreLoadHook }[] = [];
  const logged: string[] = [];
  const hook = (name: string) => integration.hooks[name as keyof typeof integration.hooks] as (options: never) => void;
  hook('astro:config:setup')({
    command,
    updateConfig: (config: { vite: { plugins: { load: StoreLoadHook }[] } }) => plugins.push(...config.vite.plugins),
    logger: { info: (message: string) => logged.push(message) },
  } as never);
  hook('astro:config:done')({ config: { cacheDir: pathToFileURL(`${cache}/`), experimental: { collectionStorage: storage } } } as never);
  return { plugins, logged };
}

describe('the integration', () => {
  it('answers for the store modules where pages are rendered, by the layout Astro was given', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    await mkdir(join(cache, STORE_PATHS.chunked));
    await writeFile(join(cache, STORE_PATHS.chunked, CHUNK), '[]');
    await writeFile(join(cache, STORE_PATHS['single-file']), '[]');
    for (const storage of ['chunked', { type: 'chunked', chunkSize: 1024 * 1024 }]) {
      const { plugins, logged } = setUp('build', cache, storage);
      const load = plugins[0]?.load as StoreLoadHook;
      expect(load.order).toBe('pre');
      expect(load.filter.id.test(ASTRO_STORE.module) && load.filter.id.test(chunkId(CHUNK))).toBe(true);
      expect(load.filter.id.test('\0astro:content')).toBe(false);
      const call = (environment: string, id: string) => load.handler.call({ environment: { name: environment } }, id);
      expect(call('ssr', chunkId(CHUNK))).toBeNull();
      expect(call('client', chunkId(CHUNK))).toBeNull();
      expect(call('prerender', chunkId(CHUNK))).toMatchObject({ meta: ASTRO_STORE.meta });
      // In the chunked layout the store module is Astro's, even with an old single file beside it.
      expect(call('prerender', ASTRO_STORE.module)).toBeNull();
      expect(logged).toEqual([UNBUNDLED_MESSAGE]);
    }
    const single = setUp('build', cache, undefined).plugins[0]?.load as StoreLoadHook;
    expect(single.handler.call({ environment: { name: 'prerender' } }, ASTRO_STORE.module)?.code).toContain(STORE_PATHS['single-file']);
  });

  it('adds nothing outside `astro build`', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    expect(setUp('dev', cache, undefined).plugins).toEqual([]);
  });
});

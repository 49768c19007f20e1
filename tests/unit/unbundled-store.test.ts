import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ASTRO_STORE, unbundledStoreModule } from '../../src/integrations/unbundled-store';
import { STORE_PATHS } from '../../src/lib/content-store';

/** Writes `code` as a module beside the store and imports it, as the rendered pages do. */
async function run(code: string, dir: string): Promise<unknown> {
  const file = join(dir, `module-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, code);
  return ((await import(pathToFileURL(file).href)) as { default: unknown }).default;
}

describe('the content store read from its files', () => {
  it('gives the single file store, parsed, as the store module', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    const store = [['articles', 1], { '2021-03-05-e6e5bdee': '法院 "quoted" \\ text' }];
    await writeFile(join(cache, STORE_PATHS['single-file']), JSON.stringify(store));
    const code = unbundledStoreModule(ASTRO_STORE.module, cache);
    expect(code).toBeDefined();
    expect(code).not.toContain('法院');
    expect(await run(code as string, cache)).toEqual(store);
  });

  it("leaves the store module to Astro when there is no store file (Astro's empty store)", async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    expect(unbundledStoreModule(ASTRO_STORE.module, cache)).toBeUndefined();
  });

  it("gives a chunk of the chunked store as its text, and leaves other modules alone", async () => {
    const cache = await mkdtemp(join(tmpdir(), 'store-'));
    await mkdir(join(cache, STORE_PATHS.chunked));
    const name = '0123456789abcdef.txt';
    await writeFile(join(cache, STORE_PATHS.chunked, name), '[["第一块"]]');
    const code = unbundledStoreModule(`${ASTRO_STORE.chunkPrefix}${name}${ASTRO_STORE.chunkSuffix}`, cache);
    expect(await run(code as string, cache)).toBe('[["第一块"]]');
    expect(unbundledStoreModule(`${ASTRO_STORE.chunkPrefix}../secret.txt${ASTRO_STORE.chunkSuffix}`, cache)).toBeUndefined();
    expect(unbundledStoreModule('\0astro:content', cache)).toBeUndefined();
    expect(unbundledStoreModule('/work/src/pages/index.astro', cache)).toBeUndefined();
  });
});

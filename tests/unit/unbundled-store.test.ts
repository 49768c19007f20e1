import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ASTRO_STORE, unbundledStoreModule } from '../../src/integrations/unbundled-store';
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

/** Listing an output folder for pruning (src/integrations/output-files.mjs), in this thread and in a worker. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder, listInWorker } from '../../src/integrations/output-files.mjs';

describe('the files of an output folder', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function folder(): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'output-files-'));
    for (const file of ['index.html', 'articles/a/index.html', 'articles/b/index.html', 'pagefind/2021/x.pf_meta', '.git', 'empty/']) {
      await mkdir(join(dir, file.endsWith('/') ? file : join(file, '..')), { recursive: true });
      if (!file.endsWith('/')) await writeFile(join(dir, file), file);
    }
    return dir;
  }

  it('are listed with their paths from the folder, skipped folders left unread', async () => {
    const root = await folder();
    expect(filesUnder(root, ['pagefind/']).sort()).toEqual(['.git', 'articles/a/index.html', 'articles/b/index.html', 'index.html']);
    expect(filesUnder(root, []).sort()).toContain('pagefind/2021/x.pf_meta');
  });

  it('are listed the same by a worker thread', async () => {
    const root = await folder();
    expect((await listInWorker(root, ['pagefind/'])).sort()).toEqual(filesUnder(root, ['pagefind/']).sort());
  });

  it('cannot be listed from a folder that is not there, in a worker too', async () => {
    const root = join(await folder(), 'missing');
    expect(() => filesUnder(root, [])).toThrow(/ENOENT/);
    await expect(listInWorker(root, [])).rejects.toThrow(/ENOENT/);
  });
});

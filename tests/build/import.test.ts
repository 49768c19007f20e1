/** The import command end to end: files in, articles out, and the site built from them. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSite, listFiles, page, runScript } from '../helpers/build';
import { SEED_ARTICLE, SEED_TEXT } from '../helpers/paths';

const RAW = fileURLToPath(new URL('../fixtures/raw/', import.meta.url));
const SEED_ID = '2021-03-05-e6e5bdee';

/** Runs `npm run import -- …` and collects what it says. */
const runImport = (args: string[]) => runScript('scripts/import.ts', args);

const tempDir = () => mkdtemp(join(tmpdir(), 'import-out-'));

describe('npm run import', () => {
  it('writes the seed exactly as the archive holds it, and the build renders it', async () => {
    const out = await tempDir();
    const run = await runImport([SEED_TEXT, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 imported');
    const written = await readFile(join(out, '2021', `${SEED_ID}.md`), 'utf8');
    expect(written).toBe(await readFile(SEED_ARTICLE, 'utf8'));

    const build = await buildSite(out);
    expect(build.code, build.output).toBe(0);
    const $ = await page(build.outDir, `articles/${SEED_ID}/index.html`);
    expect($('h1').text()).toBe('重庆市法院队伍教育整顿动员部署会议召开');
    expect($('.facts').text()).toContain('戴军');
  });

  it('changes nothing when the same input is imported again, and says so', async () => {
    const out = await tempDir();
    await runImport([SEED_TEXT, '--out', out]);
    const before = await readFile(join(out, '2021', `${SEED_ID}.md`), 'utf8');
    const again = await runImport([SEED_TEXT, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('1 unchanged');
    expect(await readFile(join(out, '2021', `${SEED_ID}.md`), 'utf8')).toBe(before);
  });

  it('writes nothing on a dry run', async () => {
    const out = await tempDir();
    const run = await runImport([SEED_TEXT, '--out', out, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would-import');
    expect(await listFiles(out)).toEqual([]);
  });

  it('keeps a different existing article unless --force, and then replaces it whole', async () => {
    const out = await tempDir();
    await runImport([SEED_TEXT, '--out', out]);
    const path = join(out, '2021', `${SEED_ID}.md`);
    const original = await readFile(path, 'utf8');
    await writeFile(path, original.replace('summary:', 'summary: 已编辑。'));
    const edited = await readFile(path, 'utf8');

    const kept = await runImport([SEED_TEXT, '--out', out]);
    expect(kept.stdout).toMatch(/skipped .*--force/);
    expect(await readFile(path, 'utf8')).toBe(edited);

    const forced = await runImport([SEED_TEXT, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('1 replaced');
    expect(await readFile(path, 'utf8')).toBe(original);
    expect((await listFiles(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('imports the good files of a folder, reports each bad one with its reason, and exits non-zero', async () => {
    const out = await tempDir();
    const run = await runImport([RAW, '--out', out, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { counts: Record<string, number>; files: { file: string; status: string; reason?: string; review?: string[] }[] };
    const byName = Object.fromEntries(report.files.map((f) => [f.file.split('/').at(-1), f]));
    expect(byName['empty.txt']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/empty/) });
    expect(byName['binary.txt']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not text/) });
    expect(byName['our-court.txt']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/--court/) });
    expect(byName['afternoon.txt']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/--year/) });
    expect(byName['gbk.txt']).toMatchObject({ status: 'imported' });
    expect(byName['traditional.txt']).toMatchObject({ status: 'imported' });
    expect(byName['variants.txt']).toMatchObject({ status: 'imported', review: [expect.stringContaining('弘扬劳模精神')] });
    expect(report.counts.imported).toBe(5);
    const written = await listFiles(out);
    expect(written).toHaveLength(5);
    expect(written.every((f) => /^2021\/2021-\d\d-\d\d-[0-9a-f]{8}\.md$/.test(f))).toBe(true);
  });

  it('stores outside text as data: markup in an imported bulletin is shown, never run', async () => {
    const out = await tempDir();
    expect((await runImport([join(RAW, 'escaping.txt'), '--out', out])).code).toBe(0);
    const [file] = await listFiles(out);
    const build = await buildSite(out);
    expect(build.code, build.output).toBe(0);
    const id = file?.split('/').at(-1)?.replace('.md', '') ?? '';
    const $ = await page(build.outDir, `articles/${id}/index.html`);
    expect($('h1').text()).toBe('<b>测试</b>通报：*标题*');
    const paragraphs = $('.bulletin__body p').map((_, p) => $(p).text()).get();
    expect(paragraphs).toEqual([
      '2021年3月16日，重庆市江北区人民法院召开会议。党组书记、院长赵文清讲话。',
      '<script>alert("x")</script> 与 [链接](javascript:alert(1)) 以及 {props} 和 &amp; 都应原样显示。',
      '1. 不是列表',
      '# 不是标题',
      '- 不是列表项',
    ]);
    expect($('.bulletin script').length).toBe(0);
    expect($('.bulletin a[href^="javascript"]').length).toBe(0);
  });

  it('refuses bad options with a usage message', async () => {
    const run = await runImport([SEED_TEXT, '--year', '21']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--year expects four digits');
  });
});

/** Builds the real site from an archive folder, as `npm run build` does, and reads what it wrote. */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { ROOT } from './paths';

/** The outcome of one `astro build`. */
export interface BuildResult {
  code: number | null;
  output: string;
  outDir: string;
}

/**
 * Runs `astro build` with `CONTENT_DIR=contentDir` (plus `env`) into `outDir` or a fresh folder, with
 * Astro's caches in a fresh folder too unless `env` names one (`CACHE_DIR`): tests neither use nor
 * disturb the project's.
 */
export async function buildSite(contentDir: string, env: Record<string, string> = {}, into?: string): Promise<BuildResult> {
  const outDir = into ?? (await mkdtemp(join(tmpdir(), 'archive-dist-')));
  const cacheDir = env['CACHE_DIR'] ?? (await mkdtemp(join(tmpdir(), 'archive-cache-')));
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], {
    cwd: ROOT,
    env: { ...cleanEnv(), CONTENT_DIR: contentDir, CACHE_DIR: cacheDir, ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, output, outDir };
}

/** Builds as {@link buildSite} does and returns the output folder; a failed build throws with its output. */
export async function buildSiteOrThrow(contentDir: string, env: Record<string, string> = {}): Promise<string> {
  const build = await buildSite(contentDir, env);
  if (build.code !== 0) throw new Error(`build failed:\n${build.output}`);
  return build.outDir;
}

/** Runs one of the project's TypeScript scripts (as `npm run …` does, through tsx) with `env` added. */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr, output };
}

/**
 * The environment without what Vitest adds for its own Vite run (BASE_URL, MODE, NODE_ENV=test…), which
 * would otherwise leak into Astro's Vite and override the build's base path and mode.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'BASE', 'SITE', 'CONTENT_DIR', 'CACHE_DIR']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key.startsWith('VITE_')) delete env[key];
  return env;
}

/** A copy of `sources` (folders merged in order) in a fresh temporary folder, plus generated files. */
export async function makeArchive(sources: string[], generated: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'archive-src-'));
  for (const source of sources) await cp(source, dir, { recursive: true });
  for (const [path, text] of Object.entries(generated)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** Every file in `dir`, relative, with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** A built page parsed for querying. */
export async function page(outDir: string, path: string): Promise<CheerioAPI> {
  return load(await readFile(join(outDir, path), 'utf8'));
}

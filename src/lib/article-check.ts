/**
 * The article check a build runs before Astro starts (`integrations/validate-content.ts`), kept between
 * builds: a file the same checking code found valid is not read and parsed again while it is the same
 * file (inode) with the same size, modification time and change time. Any write to a file sets its change
 * time, which, unlike the modification time, cannot be set back (`utimes`, `touch -r`, copies that keep
 * times); a file replaced by another is another inode. Reading and parsing 10,000 bulletins took about
 * 1 s of every build, most of what adding one bulletin costs before Astro's own work
 * (docs/performance.md).
 *
 * The check matters: Astro's content layer reads the YAML with timestamps, so it would take an
 * impossible date such as 2021-02-30 for 2 March; only this check refuses it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArticleProblem } from '../schema/validate';
import { articleIdFromPath, checkArticleSource, listArticleFiles, uniqueIds } from './article-files';
import { readUtf8File } from './utf8';

/** What a build needs of a valid article before Astro starts. */
export interface CheckedArticle {
  id: string;
  /** Its file, as the check was given it: the content folder joined with the path within. */
  file: string;
  date: string;
  draft: boolean;
  /** Whether the file is the one the last check found valid, not read again. */
  unchanged: boolean;
}

/** The check of a whole archive. */
export interface ArchiveCheck {
  /** The valid articles, by path. */
  articles: CheckedArticle[];
  /** Every problem of the other files. */
  problems: ArticleProblem[];
  /** How many files were read and checked; the others were unchanged since the last check. */
  filesRead: number;
  /** Why the check could not be kept for the next build, if it could not (the build goes on without). */
  notKept?: string;
}

/** What is kept of a valid file: which file it was (inode, size, modification and change times), and what the build needs of it. */
type ValidFile = [ino: number, size: number, mtimeMs: number, ctimeMs: number, date: string, draft: boolean];

/** The kept check, as written to its file. */
interface KeptCheck {
  /** The checking code's digest ({@link checkingCode}): another code checks every file again. */
  code: string;
  /** The content folder checked. */
  dir: string;
  /** Each valid file, by its path relative to `dir`. */
  files: Record<string, ValidFile>;
}

/** Where the checking code lives: the schema, the reading and checking of files, this module. */
const CHECKING_CODE = ['../schema/', './article-files.ts', './article-check.ts', '../../package-lock.json'];

/**
 * A digest of the code that decides whether an article file is valid and what is kept of it: the
 * schema's modules, the modules that read and check the files, and the installed packages' lock (zod,
 * js-yaml). A file missing from a copy of the project (no lock file, say) counts as empty.
 */
export function checkingCode(): string {
  const hash = createHash('sha256');
  for (const relative of CHECKING_CODE) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    const files = relative.endsWith('/')
      ? readdirSync(path).filter((name) => name.endsWith('.ts')).sort().map((name) => join(path, name))
      : [path];
    for (const file of files) hash.update(`${relative}${file.slice(path.length)}\0`).update(existsSync(file) ? readFileSync(file) : '').update('\0');
  }
  return hash.digest('base64url');
}

/** The kept check in `file`, if it is one of `code` for `dir`; anything else is no check at all. */
async function readKept(file: string, code: string, dir: string): Promise<KeptCheck['files']> {
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as Partial<KeptCheck>;
    return kept.code === code && kept.dir === dir && typeof kept.files === 'object' && kept.files !== null ? kept.files : {};
  } catch {
    return {};
  }
}

/**
 * Checks every article file under `dir`, as `readArchive` does, reading only those not found valid
 * unchanged in the check kept in `keptFile` (none there: every file is read); then keeps this check there,
 * written whole to a temporary file and renamed, so that a build stopped meanwhile leaves the old check
 * or the new one, never half of one. (Files are read synchronously: see `readArchive`.)
 */
export async function checkArchive(dir: string, keptFile: string): Promise<ArchiveCheck> {
  const code = checkingCode();
  const lastCheck = await readKept(keptFile, code, dir);
  const files: KeptCheck['files'] = {};
  const articles: CheckedArticle[] = [];
  const problems: ArticleProblem[] = [];
  const duplicate = uniqueIds(dir);
  let filesRead = 0;
  for (const path of await listArticleFiles(dir)) {
    const id = articleIdFromPath(path);
    const problem = duplicate(path);
    if (problem) problems.push(problem);
    // Which file it is, from before it is read: a change while it is read shows at the next check.
    const { ino, size, mtimeMs, ctimeMs } = statSync(join(dir, path));
    const last = lastCheck[path];
    if (last !== undefined && last[0] === ino && last[1] === size && last[2] === mtimeMs && last[3] === ctimeMs) {
      const [, , , , date, draft] = last;
      files[path] = last;
      articles.push({ id, file: join(dir, path), date, draft, unchanged: true });
      continue;
    }
    const source = readUtf8File(join(dir, path));
    filesRead += 1;
    const checked = checkArticleSource(dir, path, source);
    if (!('article' in checked)) {
      problems.push(...checked.problems);
      continue;
    }
    const { date, draft } = checked.article.data;
    files[path] = [ino, size, mtimeMs, ctimeMs, date, draft];
    articles.push({ id, file: join(dir, path), date, draft, unchanged: false });
  }
  const result = { articles, problems, filesRead };
  const changed = filesRead > 0 || Object.keys(lastCheck).length !== Object.keys(files).length;
  if (!changed) return result;
  const temporary = `${keptFile}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(keptFile), { recursive: true });
    await writeFile(temporary, JSON.stringify({ code, dir, files } satisfies KeptCheck));
    await rename(temporary, keptFile);
    return result;
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    return { ...result, notKept: `cannot keep the article check in ${keptFile}: ${(error as Error).message}` };
  }
}

/**
 * The article check a build runs before Astro starts (`integrations/validate-content.ts`), remembered
 * between builds: a file that was valid, whose size and modification time have not changed since, and
 * which the same checking code found valid, is not read and parsed again. Reading and parsing 10,000
 * bulletins took 1–1.5 s of every build, most of what adding one bulletin to them costs before Astro's
 * own work (docs/performance.md).
 *
 * What the check gives the build is a plan, not the pages: the search index plans its shards from the
 * articles' dates and the content store's layout follows the archive's length, and both settle what
 * they finally do from what Astro built. Astro's content layer then reads every file anyway, and parses
 * and validates against the same schema any file whose contents changed; so a file changed without a
 * change of size or modification time still cannot reach a page unchecked.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArticleProblem } from '../schema/validate';
import { articleIdFromPath, checkArticleSource, listArticleFiles, uniqueIds } from './article-files';

/** What a build needs of a valid article before Astro starts. */
export interface CheckedArticle {
  id: string;
  date: string;
  draft: boolean;
}

/** The check of a whole archive. */
export interface ArchiveCheck {
  /** The valid articles, by path. */
  articles: CheckedArticle[];
  /** Every problem of the other files. */
  problems: ArticleProblem[];
  /** The length of all the article files, in UTF-16 units. */
  sourceChars: number;
  /** How many files were read and checked; the others were unchanged since the last check. */
  read: number;
}

/** What is kept of a valid file: its size and modification time when checked, its date, whether a draft, its length. */
type Remembered = [size: number, mtimeMs: number, date: string, draft: boolean, chars: number];

/** The file the check is kept in. */
interface Kept {
  /** The checking code's digest ({@link checkingCode}): another code checks every file again. */
  code: string;
  /** The content folder checked. */
  dir: string;
  /** Each valid file, by its path relative to `dir`. */
  files: Record<string, Remembered>;
}

/** Where the checking code lives: the schema, the reading and checking of files, this module. */
const CHECKING_CODE = ['../schema/', './article-files.ts', './article-check.ts', '../../package-lock.json'];

/**
 * A digest of the code that decides whether an article file is valid and what is kept of it: the
 * schema's modules, the modules that read and check the files, and the installed packages' lock (zod,
 * js-yaml). A file missing from a copy of the project (no lock file, say) counts as empty.
 */
export async function checkingCode(): Promise<string> {
  const hash = createHash('sha256');
  for (const relative of CHECKING_CODE) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    const files = relative.endsWith('/')
      ? (await readdir(path)).filter((name) => name.endsWith('.ts')).sort().map((name) => join(path, name))
      : [path];
    for (const file of files) hash.update(`${relative}${file.slice(path.length)}\0`).update(existsSync(file) ? readFileSync(file) : '').update('\0');
  }
  return hash.digest('base64url');
}

/** The kept check in `file`, if it is one of `code` for `dir`; anything else is no check at all. */
async function readKept(file: string, code: string, dir: string): Promise<Kept['files']> {
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as Partial<Kept>;
    return kept.code === code && kept.dir === dir && typeof kept.files === 'object' && kept.files !== null ? kept.files : {};
  } catch {
    return {};
  }
}

/**
 * Checks every article file under `dir`, as `readArchive` does, reading only those not found valid
 * unchanged in the check kept in `keptFile` (no file: every file is read); then keeps this check there,
 * written whole to a temporary file and renamed, so that a build stopped meanwhile leaves the old check
 * or the new one, never half of one.
 */
export async function checkArchive(dir: string, keptFile: string | undefined): Promise<ArchiveCheck> {
  const code = await checkingCode();
  const kept = keptFile === undefined ? {} : await readKept(keptFile, code, dir);
  const files: Kept['files'] = {};
  const articles: CheckedArticle[] = [];
  const problems: ArticleProblem[] = [];
  const duplicate = uniqueIds(dir);
  let sourceChars = 0;
  let read = 0;
  for (const path of await listArticleFiles(dir)) {
    const id = articleIdFromPath(path);
    const problem = duplicate(path);
    if (problem) problems.push(problem);
    // The size and time from before the file is read: a change while it is read shows at the next check.
    const { size, mtimeMs } = statSync(join(dir, path));
    const known = kept[path];
    if (known !== undefined && known[0] === size && known[1] === mtimeMs) {
      const [, , date, draft, chars] = known;
      files[path] = known;
      articles.push({ id, date, draft });
      sourceChars += chars;
      continue;
    }
    const source = readFileSync(join(dir, path), 'utf8');
    read += 1;
    sourceChars += source.length;
    const checked = checkArticleSource(dir, path, source);
    if (!('article' in checked)) {
      problems.push(...checked.problems);
      continue;
    }
    const { date, draft } = checked.article.data;
    files[path] = [size, mtimeMs, date, draft, source.length];
    articles.push({ id, date, draft });
  }
  const changed = read > 0 || Object.keys(kept).length !== Object.keys(files).length;
  if (keptFile !== undefined && changed) {
    await mkdir(dirname(keptFile), { recursive: true });
    const temporary = `${keptFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ code, dir, files } satisfies Kept));
    await rename(temporary, keptFile);
  }
  return { articles, problems, sourceChars, read };
}

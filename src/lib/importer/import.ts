/** Imports raw bulletin files into an archive: decode, extract, validate, write atomically, report. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { validateArticle } from '../../schema/validate';
import { articleId } from '../ids';
import { decodeBulletin } from './decode';
import { extractBulletin, type ExtractOptions } from './extract';
import { articleFile } from './markdown';

/** How an import run behaves. */
export interface ImportOptions extends ExtractOptions {
  /** The archive folder the articles go into (as `<out>/<year>/<id>.md`). */
  out: string;
  /** Report what would be written; write nothing. */
  dryRun?: boolean;
  /** Replace an existing article whose content differs. */
  force?: boolean;
}

/** What happened to one input file. */
export type FileOutcome =
  | { file: string; status: 'imported' | 'replaced' | 'unchanged' | 'would-import'; id: string; path: string; review: string[]; encoding: string }
  | { file: string; status: 'skipped'; id: string; path: string; reason: string; review: string[] }
  | { file: string; status: 'failed'; reason: string };

/** Every raw text file named by `inputs`: files as given, folders searched (any depth) for `.txt` files. */
export async function collectInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) {
      files.push(input); // reported as failed: it does not exist
    } else if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      files.push(
        ...entries
          .filter((e) => e.isFile() && e.name.endsWith('.txt'))
          .map((e) => join(e.parentPath, e.name))
          .sort(),
      );
    } else {
      files.push(input);
    }
  }
  return files;
}

/** Imports one raw file. Nothing is written for a file that fails, and an existing article is replaced only with `force`. */
export async function importFile(file: string, options: ImportOptions): Promise<FileOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file, status: 'failed', reason: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const decoded = decodeBulletin(bytes);
  if (!decoded.ok) return { file, status: 'failed', reason: decoded.reason };
  const extracted = extractBulletin(decoded.text, options);
  if (!extracted.ok) return { file, status: 'failed', reason: extracted.reason };
  const { frontmatter, paragraphs, review } = extracted.bulletin;

  const validated = validateArticle(file, frontmatter);
  if (!validated.ok) {
    return { file, status: 'failed', reason: validated.problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  }
  const { data } = validated;
  const id = articleId(data);
  const path = join(options.out, data.date.slice(0, 4), `${id}.md`);
  const content = articleFile(frontmatter, paragraphs);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  const encoding = decoded.encoding;

  if (existing === content) return { file, status: 'unchanged', id, path, review, encoding };
  if (existing !== undefined && !options.force) {
    return { file, status: 'skipped', id, path, review, reason: `a different article ${relative(process.cwd(), path)} exists; use --force to replace it` };
  }
  if (options.dryRun) return { file, status: 'would-import', id, path, review, encoding };
  await writeAtomically(path, content);
  return { file, status: existing === undefined ? 'imported' : 'replaced', id, path, review, encoding };
}

/** Writes through a temporary file in the same folder, then renames, so no reader sees half a file. */
async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Counts of outcomes, for the summary line. */
export function summarizeOutcomes(outcomes: readonly FileOutcome[]): Record<FileOutcome['status'], number> {
  const counts = { imported: 0, replaced: 0, unchanged: 0, 'would-import': 0, skipped: 0, failed: 0 };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  return counts;
}

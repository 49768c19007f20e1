/** Reads article files straight from disk (no Astro), so the build, scripts and tests validate them alike. */
import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import yaml from 'js-yaml';
import type { ArticleData } from '../schema/article';
import { validateArticle, type ArticleProblem } from '../schema/validate';
import { readUtf8File } from './utf8';

/** File endings that hold articles. */
export const ARTICLE_EXTENSIONS = ['.md', '.mdx'] as const;

/** The glob, relative to the content folder, that matches every article at any depth. */
export const ARTICLE_GLOB = '**/[^_.]*.{md,mdx}';

/** An article's id is its file name without the ending: `2021/2021-03-05-e6e5bdee.md` → `2021-03-05-e6e5bdee`. */
export function articleIdFromPath(path: string): string {
  return basename(path, extname(path));
}

/** Every article file under `dir`, at any depth, as sorted paths relative to `dir`. Names starting with `_` or `.` are skipped. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && ARTICLE_EXTENSIONS.some((ext) => e.name.endsWith(ext)) && !/^[_.]/.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((path) => !path.split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort();
}

/** The frontmatter block and body of a Markdown source; `undefined` frontmatter when there is none. */
export function splitFrontmatter(source: string): { frontmatter: string | undefined; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return { frontmatter: undefined, body: source };
  return { frontmatter: match[1] ?? '', body: source.slice(match[0].length) };
}

/**
 * Parses YAML frontmatter. The core schema keeps `2021-02-30` a string, so an impossible date is caught
 * by the article schema instead of rolling over to 2 March as a YAML timestamp would.
 */
export function parseFrontmatter(text: string): unknown {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

/** One article read and validated from disk. */
export interface ArticleFile {
  id: string;
  /** Relative to the content folder. */
  path: string;
  /** As given to {@link readArchive}'s caller: the content folder joined with `path`. */
  file: string;
  data: ArticleData;
  body: string;
  /** The line of the file on which the body starts. */
  bodyLine: number;
}

/**
 * One article file checked: its article, or its problems. Whether its id is unique among the archive's
 * is for the caller, who sees every file.
 */
export function checkArticleSource(dir: string, path: string, source: string): { article: ArticleFile } | { problems: ArticleProblem[] } {
  const file = join(dir, path);
  const { frontmatter, body } = splitFrontmatter(source);
  if (frontmatter === undefined) {
    return { problems: [{ file, field: '(frontmatter)', message: 'expected a YAML frontmatter block between --- lines' }] };
  }
  let parsed: unknown;
  try {
    parsed = parseFrontmatter(frontmatter);
  } catch (error) {
    return { problems: [{ file, field: '(frontmatter)', message: `invalid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const result = validateArticle(file, parsed ?? {});
  if (!result.ok) return { problems: result.problems };
  const bodyLine = source.slice(0, source.length - body.length).split('\n').length;
  return { article: { id: articleIdFromPath(path), path, file, data: result.data, body, bodyLine } };
}

/**
 * A check that ids are unique, for the files of `dir` given one after another: the problem of a file
 * whose id an earlier file already has, or undefined.
 */
export function uniqueIds(dir: string): (path: string) => ArticleProblem | undefined {
  const seen = new Map<string, string>();
  return (path) => {
    const id = articleIdFromPath(path);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, path);
      return undefined;
    }
    return { file: join(dir, path), field: '(id)', message: `expected a unique article id, got "${id}", also used by ${first}` };
  };
}

/** Every valid article under `dir`, and every problem found in the others, all at once. */
export async function readArchive(dir: string): Promise<{ articles: ArticleFile[]; problems: ArticleProblem[] }> {
  const articles: ArticleFile[] = [];
  const problems: ArticleProblem[] = [];
  const duplicate = uniqueIds(dir);
  // Read one after another, synchronously: for many small files Node's asynchronous reads took twice as
  // long, 64 at a time (docs/performance.md, "A rebuild's fixed work").
  for (const path of await listArticleFiles(dir)) {
    const source = readUtf8File(join(dir, path));
    const problem = duplicate(path);
    if (problem) problems.push(problem);
    const checked = checkArticleSource(dir, path, source);
    if ('article' in checked) articles.push(checked.article);
    else problems.push(...checked.problems);
  }
  return { articles, problems };
}

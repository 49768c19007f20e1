/** Validates frontmatter against the article schema and words every problem as `file: field: expected …`. */
import { z } from 'astro/zod';
import { articleSchema, type ArticleData } from './article';

/** One problem in one article file. */
export interface ArticleProblem {
  /** The article file, as given by the caller (usually relative to the project). */
  file: string;
  /** The field, as a path such as `speaker.onBehalfOf.name` or `tasks[1]`; empty for the whole frontmatter. */
  field: string;
  /** What was expected and what was found. */
  message: string;
}

/** The outcome of validating one article's frontmatter. */
export type ValidationResult =
  | { ok: true; data: ArticleData }
  | { ok: false; problems: ArticleProblem[] };

/** Validates `frontmatter` read from `file`, returning every problem at once rather than the first. */
export function validateArticle(file: string, frontmatter: unknown): ValidationResult {
  const result = articleSchema.safeParse(frontmatter);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problems: describeIssues(file, result.error.issues) };
}

/** Turns zod issues into problems that name the file and the field. */
export function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): ArticleProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        field: fieldPath([...issue.path, key]),
        message: 'unknown field (check its spelling against the article schema)',
      }));
    }
    return [{ file, field: fieldPath(issue.path), message: wordMessage(issue.message) }];
  });
}

/** Formats problems one per line, as `file: field: message`. */
export function formatProblems(problems: readonly ArticleProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.field || '(frontmatter)'}: ${p.message}`).join('\n');
}

/** `['speaker', 'onBehalfOf', 'name']` → `speaker.onBehalfOf.name`; `['tasks', 1]` → `tasks[1]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** Zod's built-in wording, made plainer for a missing field. */
function wordMessage(message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  return missing ? `required field is missing (expected ${missing[1]})` : message;
}

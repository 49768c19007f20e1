/**
 * Search records read from the bulletins' Markdown sources, before Astro has rendered their pages: what
 * the search index works from while Astro starts (the article check, content sync and Vite's bundle
 * take about 9 s of one core at 10,000 bulletins, the other core idle). They are guesses: the index
 * is made of the records read from the rendered pages (`search-record.ts`), and a shard's cache key is
 * made of its records' digests, so a shard written from a guess that differs from its pages is simply
 * not the shard the build asks for, and is written again from the pages (`search-index-writer.ts`).
 *
 * A guess is the page reduced to what the record is read from: the `<meta name="archive:…">` tags
 * (`searchMetaFields`, as `SearchMeta.astro` writes them) and the article element with its headline
 * and body, rendered by the site's Markdown processor (`markdown.ts`). MDX bulletins are not guessed:
 * their components render only in Astro.
 */
import { readFile } from 'node:fs/promises';
import { escapeAttribute, escapeText } from 'entities';
import { splitFrontmatter, parseFrontmatter } from '../lib/article-files';
import { extractSearchRecord, searchMetaFields, type SearchRecord } from '../lib/search-record';
import type { ArticleData } from '../schema/article';
import { validateArticle } from '../schema/validate';
import { markdownProcessor } from './markdown';

/** Renders a bulletin's Markdown body to HTML. */
export type MarkdownRenderer = (markdown: string) => Promise<string>;

/**
 * The site's Markdown processor as a renderer of bodies. Without syntax highlighting, which changes
 * the markup of code blocks but not their text (and would load Shiki for nothing).
 */
export async function bodyRenderer(): Promise<MarkdownRenderer> {
  const renderer = await markdownProcessor().createRenderer({ syntaxHighlight: false });
  return async (markdown) => (await renderer.render(markdown)).code;
}

/** The part of a bulletin's page its search record is read from, for `article` with its body rendered to `bodyHtml`. */
export function recordSourcePage(article: ArticleData & { id: string }, bodyHtml: string): string {
  const meta = searchMetaFields(article).map(([name, value]) => `<meta name="archive:${name}" content="${escapeAttribute(value)}">`);
  return `<html><head>${meta.join('')}</head><body><article data-search-body><h1>${escapeText(article.title)}</h1><div>${bodyHtml}</div></article></body></html>`;
}

/**
 * The search record of the bulletin `id` guessed from its source file `file`; undefined for what is not
 * guessed (an MDX bulletin), or cannot be (a file that no longer reads as a valid bulletin).
 */
export async function guessRecord(id: string, file: string, render: MarkdownRenderer): Promise<SearchRecord | undefined> {
  if (!file.endsWith('.md')) return undefined;
  const { frontmatter, body } = splitFrontmatter(await readFile(file, 'utf8'));
  if (frontmatter === undefined) return undefined;
  let checked: ReturnType<typeof validateArticle>;
  try {
    checked = validateArticle(file, parseFrontmatter(frontmatter) ?? {});
  } catch {
    return undefined;
  }
  if (!checked.ok) return undefined;
  return extractSearchRecord(recordSourcePage({ ...checked.data, id }, await render(body)));
}

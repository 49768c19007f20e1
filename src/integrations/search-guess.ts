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
import { basename, dirname } from 'node:path';
import { escapeAttribute, escapeText } from 'entities';
import { checkArticleSource } from '../lib/article-files';
import { extractSearchRecord, searchMetaFields, type SearchRecord } from '../lib/search-record';
import { readUtf8File } from '../lib/utf8';
import type { ArticleData } from '../schema/article';
import { markdownProcessor } from './markdown';

/** Renders a bulletin's Markdown body to HTML. */
export type MarkdownRenderer = (markdown: string) => Promise<string>;

/**
 * The site's Markdown processor as a renderer of bodies. Without syntax highlighting, which changes
 * the markup of code blocks but not their text (and would make a Shiki highlighter for nothing).
 */
export async function bodyRenderer(): Promise<MarkdownRenderer> {
  const renderer = await markdownProcessor().createRenderer({ syntaxHighlight: false });
  return async (markdown) => (await renderer.render(markdown)).code;
}

/**
 * The part of a bulletin's page its search record is read from (the page is `pages/articles/[id].astro`):
 * for `article`, with its body rendered to `bodyHtml`.
 */
function recordSourcePage(article: ArticleData & { id: string }, bodyHtml: string): string {
  const meta = searchMetaFields(article).map(([name, value]) => `<meta name="archive:${name}" content="${escapeAttribute(value)}">`);
  return `<html><head>${meta.join('')}</head><body><article data-search-body><h1>${escapeText(article.title)}</h1><div>${bodyHtml}</div></article></body></html>`;
}

/**
 * The search record of the bulletin in the source file `file`, guessed from it, read and checked as
 * the article check reads and checks it (`checkArticleSource`); undefined for what is not guessed (an
 * MDX bulletin) or cannot be (a file that no longer reads as a valid bulletin, or is gone). Read
 * synchronously, as the article check reads: a file of a few kilobytes takes about a tenth of the time
 * that way.
 */
export async function guessRecord(file: string, render: MarkdownRenderer): Promise<SearchRecord | undefined> {
  if (!file.endsWith('.md')) return undefined;
  try {
    const checked = checkArticleSource(dirname(file), basename(file), readUtf8File(file));
    if (!('article' in checked)) return undefined;
    const { id, data, body } = checked.article;
    return extractSearchRecord(recordSourcePage({ ...data, id }, await render(body)));
  } catch {
    return undefined;
  }
}

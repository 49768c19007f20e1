/**
 * What the search index records about a bulletin, read from its built page: the text a reader sees
 * (the element marked `data-search-body`, without parts marked `data-search-ignore`) and the
 * `<meta name="archive:…">` tags that `SearchMeta.astro` writes into `<head>`.
 */
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import type { ArticleSummary } from './archive';
import { filterValuesOf, SEARCH_FILTERS } from './search-state';

/** The fields shown with a result (besides the text, which is stored as `text`). */
const RESULT_FIELDS = ['title', 'date', 'court', 'summary'] as const;

/**
 * The `<meta name="archive:…">` tags of a bulletin's page, as name and value (`SearchMeta.astro` writes
 * them): the fields shown with a result besides the court, then the filter values, the court among them.
 */
export function searchMetaFields(article: ArticleSummary): [name: string, value: string][] {
  const filters = filterValuesOf(article);
  return [
    ['title', article.title],
    ['date', article.date],
    ['summary', article.summary],
    ...SEARCH_FILTERS.flatMap((name) => filters[name].map((value): [string, string] => [name, value])),
  ];
}

/** A bulletin as it goes into the index. */
export interface SearchRecord {
  /** Shown with a result: title, date, court, summary. */
  meta: Record<string, string>;
  /** Filter values: court, year, tasks, stages, people. */
  filters: Record<string, string[]>;
  /** Sort keys: the date. */
  sort: Record<string, string>;
  /**
   * The visible text, headline first: each block element a line; inline elements and white space within
   * a block are joined as a browser shows them. Indexed as its words, and put into the result's
   * fragment for excerpts, which the site writes itself (`integrations/search-fragments.ts`).
   */
  text: string;
}

/**
 * The date of a built article page (its `<meta name="archive:date">`), read without the rest of the
 * record: the indexer plans its shards from the dates of all pages before it reads any page whole.
 */
export function pageDate(html: string): string | undefined {
  return /<meta name="archive:date" content="(\d{4}-\d{2}-\d{2})"/.exec(html)?.[1];
}

/** A tag, with quoted attribute values (which may hold `>`) kept whole; comments too. */
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:[^"'>]|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'template', 'textarea']);
/** The end tag of each raw text element, in any case. */
const RAW_TEXT_END = new Map([...RAW_TEXT].map((name) => [name, new RegExp(`</${name}`, 'gi')]));
/**
 * Whether the attributes of a tag (their source) may hold what is looked for, before the body and in
 * it: the others are not parsed, which spares most tags of a page. An attribute value may be written
 * with character references, so any `&` has its tag parsed too.
 */
const MAY_MATTER_BEFORE_BODY = /archive:|data-search-body|&/i;
const MAY_MATTER_IN_BODY = /data-search-ignore/i;
/** Marks the end of a block in the text being collected (a character no page contains). */
const BLOCK_END = '\u0000';
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    found.set((match[1] ?? '').toLowerCase(), decodeHTMLAttribute(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return found;
}

/** Reads a built article page into a search record; undefined if the page has no `data-search-body`. */
export function extractSearchRecord(html: string): SearchRecord | undefined {
  const values = new Map<string, string[]>();
  let text = '';
  /** Open elements inside the body; `ignored` counts those marked `data-search-ignore` (or raw text). */
  const stack: { name: string; ignored: boolean }[] = [];
  let inBody = false;
  let ignored = 0;
  let at = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match !== null; match = TAG.exec(html)) {
    if (inBody && ignored === 0) text += html.slice(at, match.index);
    at = match.index + match[0].length;
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    if (!name) continue;
    const endTag = closing ? undefined : RAW_TEXT_END.get(name);
    if (endTag) {
      // Script and style bodies are not markup: skip to the element's end tag.
      endTag.lastIndex = at;
      at = endTag.exec(html)?.index ?? html.length;
      TAG.lastIndex = at;
      continue;
    }
    if (!inBody) {
      if (closing || !MAY_MATTER_BEFORE_BODY.test(match[3] ?? '')) continue;
      const attrs = attributes(match[3] ?? '');
      const metaName = /^archive:([a-z]+)$/.exec(attrs.get('name') ?? '')?.[1];
      if (name === 'meta' && metaName) values.set(metaName, [...(values.get(metaName) ?? []), attrs.get('content') ?? '']);
      if (attrs.has('data-search-body') && !VOID.has(name)) {
        inBody = true;
        stack.push({ name, ignored: false });
        if (BLOCK.has(name)) text += BLOCK_END;
      }
      continue;
    }
    if (closing) {
      // Close up to the matching element (tolerating an omitted end tag such as </p> or </li>).
      const open = stack.findLastIndex((element) => element.name === name);
      if (open === -1) continue;
      for (const element of stack.splice(open)) if (element.ignored) ignored -= 1;
      if (BLOCK.has(name)) text += BLOCK_END;
      if (stack.length === 0) break;
      continue;
    }
    if (BLOCK.has(name)) text += BLOCK_END;
    if (VOID.has(name)) continue;
    const ignore = MAY_MATTER_IN_BODY.test(match[3] ?? '') && attributes(match[3] ?? '').has('data-search-ignore');
    stack.push({ name, ignored: ignore });
    if (ignore) ignored += 1;
  }
  if (!inBody) return undefined;
  const first = (key: string) => values.get(key)?.[0] ?? '';
  const meta: Record<string, string> = {};
  for (const field of RESULT_FIELDS) if (values.has(field)) meta[field] = first(field);
  const filters: Record<string, string[]> = {};
  for (const filter of SEARCH_FILTERS) {
    const list = [...new Set(values.get(filter) ?? [])].filter((v) => v.length > 0);
    if (list.length > 0) filters[filter] = list;
  }
  const visible = decodeHTML(text.replace(/\s+/g, ' '))
    .split(BLOCK_END)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
  return { meta, filters, sort: values.has('date') ? { date: first('date') } : {}, text: visible };
}

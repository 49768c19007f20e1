/**
 * What the search index records about a bulletin, read from its built page: the text a reader sees
 * (the element marked `data-search-body`, without parts marked `data-search-ignore`) and the
 * `<meta name="archive:…">` tags that `SearchMeta.astro` writes into `<head>`.
 */
import { SEARCH_FILTERS } from './search-state';

/** The fields shown with a result (besides the text, which is stored as `text`). */
export const RESULT_FIELDS = ['title', 'date', 'court', 'summary'] as const;

/** A bulletin as it goes into the index. */
export interface SearchRecord {
  /** Shown with a result: title, date, court, summary, and `text`, the visible text for excerpts. */
  meta: Record<string, string>;
  /** Filter values: court, year, tasks, stages, people. */
  filters: Record<string, string[]>;
  /** Sort keys: the date. */
  sort: Record<string, string>;
  /** The visible text, headline first; block elements end a line, inline ones do not. */
  text: string;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references an HTML serializer writes (`&amp;`, `&#39;`, `&#x26;`…). */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return NAMED_ENTITIES[(name ?? '').toLowerCase()] ?? whole;
  });
}

/** A tag, with quoted attribute values (which may hold `>`) kept whole; comments too. */
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:[^"'>]|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'template', 'textarea']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    found.set((match[1] ?? '').toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
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
  for (const match of html.matchAll(TAG)) {
    if (inBody && ignored === 0) text += html.slice(at, match.index);
    at = match.index + match[0].length;
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    if (!name) continue;
    if (!inBody) {
      if (closing) continue;
      const attrs = attributes(match[3] ?? '');
      const metaName = /^archive:([a-z]+)$/.exec(attrs.get('name') ?? '')?.[1];
      if (name === 'meta' && metaName) values.set(metaName, [...(values.get(metaName) ?? []), attrs.get('content') ?? '']);
      if (attrs.has('data-search-body') && !VOID.has(name)) {
        inBody = true;
        stack.push({ name, ignored: false });
        if (BLOCK.has(name)) text += '\n';
      }
      continue;
    }
    if (closing) {
      // Close up to the matching element (tolerating an omitted end tag such as </p> or </li>).
      const open = stack.map((e) => e.name).lastIndexOf(name);
      if (open === -1) continue;
      for (const element of stack.splice(open)) if (element.ignored) ignored -= 1;
      if (BLOCK.has(name)) text += '\n';
      if (stack.length === 0) break;
      continue;
    }
    if (BLOCK.has(name)) text += '\n';
    if (VOID.has(name) || (match[3] ?? '').trimEnd().endsWith('/')) continue;
    const ignore = RAW_TEXT.has(name) || attributes(match[3] ?? '').has('data-search-ignore');
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
  const visible = decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
  return { meta, filters, sort: values.has('date') ? { date: first('date') } : {}, text: visible };
}

/** The parts of Pagefind's browser API (the `pagefind.js` written into the build) that the site uses. */
import { searchTokens, tokenOccurs } from '../lib/search-text';

/** A filter's value counts: `{ court: { 重庆市高级人民法院: 3 } }`. */
export type FilterCounts = Record<string, Record<string, number>>;

/** One hit, whose data loads on demand. */
export interface PagefindResult {
  id: string;
  data: () => Promise<PagefindResultData>;
}

/** A hit's stored record. */
export interface PagefindResultData {
  url: string;
  /** The indexed text (tokenized; see `lib/search-text.ts`). */
  content: string;
  meta: Record<string, string | undefined>;
}

/** The answer to one search. */
export interface PagefindSearch {
  results: PagefindResult[];
  unfilteredResultCount: number;
  /** Counts within the current results, per filter value. */
  filters: FilterCounts;
  /** Counts for the query without filters. */
  totalFilters: FilterCounts;
}

/** The module `pagefind/pagefind.js`. */
export interface Pagefind {
  options: (options: { baseUrl?: string; excerptLength?: number }) => Promise<void>;
  init: () => Promise<void>;
  search: (
    term: string | null,
    options?: { filters?: Record<string, { any: string[] }>; sort?: Record<string, 'asc' | 'desc'> },
  ) => Promise<PagefindSearch | null>;
  filters: () => Promise<FilterCounts>;
}

/**
 * Searches for every token of `search` (see `lib/search-text.ts`). Pagefind drops a token that occurs
 * in no page, or retries it cut shorter, and answers with pages that lack it. Pages that have every token
 * come first when there are any, so the best hit is checked: if it lacks a token, no page has them all.
 */
export async function searchAll(
  pagefind: Pagefind,
  search: string,
  options: Parameters<Pagefind['search']>[1],
): Promise<PagefindSearch | null> {
  const tokens = searchTokens(search);
  const found = await pagefind.search(tokens.length > 0 ? tokens.join(' ') : null, options);
  const best = found?.results[0];
  if (!found || !best || tokens.length === 0) return found;
  const { content } = await best.data();
  if (tokens.every((token) => tokenOccurs(content, token))) return found;
  return { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };
}

/** Loads the bundle from `bundleUrl` (e.g. `/sub/pagefind/`), pointing result URLs at `baseUrl`. */
export async function loadPagefind(bundleUrl: string, baseUrl: string): Promise<Pagefind> {
  const pagefind = (await import(/* @vite-ignore */ `${bundleUrl}pagefind.js`)) as Pagefind;
  await pagefind.options({ baseUrl });
  await pagefind.init();
  return pagefind;
}

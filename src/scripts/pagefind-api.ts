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
 * Searches for every token of `search` (see `lib/search-text.ts`). Pagefind drops or shortens a token
 * that occurs in no page and answers with pages that lack it; so each token's best hit is checked
 * first, and a token found nowhere means no results at all.
 */
export async function searchAll(
  pagefind: Pagefind,
  search: string,
  options: Parameters<Pagefind['search']>[1],
): Promise<PagefindSearch | null> {
  const tokens = searchTokens(search);
  const present = await Promise.all(
    tokens.map(async (token) => {
      const best = (await pagefind.search(token))?.results[0];
      return best !== undefined && tokenOccurs((await best.data()).content, token);
    }),
  );
  if (present.includes(false)) return { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };
  return pagefind.search(tokens.length > 0 ? tokens.join(' ') : null, options);
}

/** Loads the bundle from `bundleUrl` (e.g. `/sub/pagefind/`), pointing result URLs at `baseUrl`. */
export async function loadPagefind(bundleUrl: string, baseUrl: string): Promise<Pagefind> {
  const pagefind = (await import(/* @vite-ignore */ `${bundleUrl}pagefind.js`)) as Pagefind;
  await pagefind.options({ baseUrl });
  await pagefind.init();
  return pagefind;
}

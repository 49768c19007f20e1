/** The parts of Pagefind's browser API (the `pagefind.js` written into the build) that the site uses. */
import type { FilterCounts } from '../lib/search-state';
import { shardOfResult } from '../lib/search-shards';
import { searchTokens, tokenOccurs } from '../lib/search-text';

export type { FilterCounts };

/** One hit, whose data loads on demand; its id starts with its shard's language code. */
export interface PagefindResult {
  id: string;
  score: number;
  data: () => Promise<PagefindResultData>;
}

/** A hit's stored record. */
export interface PagefindResultData {
  url: string;
  /** The indexed words (see `lib/search-text.ts`). */
  content: string;
  /** Title, date, court, summary, and `text`: the bulletin's visible text, for excerpts. */
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

/** Options of one search. */
export interface SearchOptions {
  filters?: Record<string, { any: string[] }>;
  sort?: Record<string, 'asc' | 'desc'>;
}

/** The module `pagefind/<shard>/pagefind.js`. */
export interface Pagefind {
  options: (options: { baseUrl?: string }) => Promise<void>;
  init: () => Promise<void>;
  mergeIndex: (indexPath: string, options?: { baseUrl?: string }) => Promise<void>;
  search: (term: string | null, options?: SearchOptions) => Promise<PagefindSearch | null>;
  filters: () => Promise<FilterCounts>;
}

const NOTHING: PagefindSearch = { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };

/**
 * Searches every shard for every token of `search` (see `lib/search-text.ts`); `shards` in their
 * order, newest first. Pagefind drops a token that occurs nowhere in a shard, or retries it cut
 * shorter, and answers with that shard's pages that lack it; such a shard's hits all lack it, so one
 * hit of each shard is checked, and a shard that fails is left out by searching again without it.
 * Sorted by date, Pagefind ranks within each shard; shards hold disjoint spans of time, so the
 * results are put in shard order.
 */
export async function searchAll(
  pagefind: Pagefind,
  search: string,
  options: SearchOptions,
  shards: readonly string[],
): Promise<PagefindSearch | null> {
  const tokens = searchTokens(search);
  const term = tokens.length > 0 ? tokens.join(' ') : null;
  let found = await pagefind.search(term, options);
  if (!found) return found;
  if (tokens.length > 0) {
    const sample = new Map<string, PagefindResult>();
    for (const result of found.results) {
      const shard = shardOfResult(result.id) ?? '';
      if (!sample.has(shard)) sample.set(shard, result);
    }
    const checked = await Promise.all(
      [...sample].map(async ([shard, result]) => {
        const { content } = await result.data();
        return { shard, ok: tokens.every((token) => tokenOccurs(content, token)) };
      }),
    );
    const good = checked.filter((c) => c.ok).map((c) => c.shard);
    if (good.length === 0) return NOTHING;
    if (good.length < checked.length) {
      found = await pagefind.search(term, { ...options, filters: { ...options.filters, shard: { any: good } } });
      if (!found) return found;
    }
  }
  const date = options.sort?.['date'];
  if (date) {
    const order = date === 'desc' ? shards : [...shards].reverse();
    const byShard = new Map<string, PagefindResult[]>();
    for (const result of found.results) {
      const shard = shardOfResult(result.id) ?? '';
      const list = byShard.get(shard);
      if (list) list.push(result);
      else byShard.set(shard, [result]);
    }
    found = { ...found, results: order.flatMap((shard) => byShard.get(shard) ?? []) };
  }
  return found;
}

/**
 * Loads the index: Pagefind's script and the first shard from `bundleUrl` (e.g. `/sub/pagefind/`),
 * the other shards merged in, with result URLs pointing at `baseUrl`.
 */
export async function loadPagefind(bundleUrl: string, baseUrl: string, shards: readonly string[]): Promise<Pagefind> {
  const [first, ...others] = shards;
  if (first === undefined) throw new Error('the archive has no search index');
  const pagefind = (await import(/* @vite-ignore */ `${bundleUrl}${first}/pagefind.js`)) as Pagefind;
  await pagefind.options({ baseUrl });
  await pagefind.init();
  await Promise.all(others.map((shard) => pagefind.mergeIndex(`${bundleUrl}${shard}/`, { baseUrl })));
  return pagefind;
}

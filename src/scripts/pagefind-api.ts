/** The parts of Pagefind's browser API (the `pagefind.js` written into the build) that the site uses. */
import type { FilterCounts } from '../lib/search-state';
import { shardOfResult } from '../lib/search-shards';
import { indexWords, searchTokens, tokenOccurs } from '../lib/search-text';

export type { FilterCounts };

/** One hit, whose data loads on demand; its id starts with its shard's language code. */
export interface PagefindResult {
  id: string;
  score: number;
  data: () => Promise<PagefindResultData>;
}

/**
 * A hit's stored record. Its `content`, the words it is indexed under, is left empty by the build: they
 * are `indexWords(meta.text)` (see `lib/search-text.ts`), made here when needed.
 */
export interface PagefindResultData {
  url: string;
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
        const indexed = indexWords((await result.data()).meta['text'] ?? '');
        return { shard, ok: tokens.every((token) => tokenOccurs(indexed, token)) };
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

/** A search over the shards merged so far, and whether that was all of them. */
export interface NewestSearch {
  found: PagefindSearch | null;
  complete: boolean;
}

/**
 * The archive's index as the search page uses it: Pagefind loaded with the newest shard, the older
 * shards merged in only when a search needs them. Sorted newest first, the first results come from the
 * newest shards alone (shards hold disjoint spans of time), so a search reads the metadata of one or
 * two shards instead of all before it shows them; the rest is merged afterwards for the count.
 */
export class ShardedIndex {
  readonly #pagefind: Pagefind;
  readonly #bundleUrl: string;
  readonly #baseUrl: string;
  readonly #shards: readonly string[];
  /** The merges asked for, in shard order: `#merges[i]` merges `shards[i + 1]`. */
  readonly #merges: Promise<void>[] = [];
  /** How many shards are merged and ready, the first included. */
  #ready = 1;

  /** `pagefind` has `shards[0]` loaded; the others are under `bundleUrl` (e.g. `/sub/pagefind/<shard>/`). */
  constructor(pagefind: Pagefind, bundleUrl: string, baseUrl: string, shards: readonly string[]) {
    this.#pagefind = pagefind;
    this.#bundleUrl = bundleUrl;
    this.#baseUrl = baseUrl;
    this.#shards = shards;
  }

  /** Whether every shard is merged. */
  get complete(): boolean {
    return this.#ready >= this.#shards.length;
  }

  /** Merges the newest `count` shards (those not yet asked for, all at once); resolves when they are ready. */
  async mergeNewest(count: number): Promise<void> {
    const wanted = Math.min(count, this.#shards.length) - 1;
    while (this.#merges.length < wanted) {
      const shard = this.#shards[this.#merges.length + 1];
      this.#merges.push(
        this.#pagefind.mergeIndex(`${this.#bundleUrl}${shard}/`, { baseUrl: this.#baseUrl }).then(() => {
          this.#ready += 1;
        }),
      );
    }
    await Promise.all(this.#merges.slice(0, wanted));
  }

  /** Merges every shard. */
  mergeAll(): Promise<void> {
    return this.mergeNewest(this.#shards.length);
  }

  /** Searches the shards merged so far (see {@link searchAll}). */
  search(search: string, options: SearchOptions): Promise<PagefindSearch | null> {
    return searchAll(this.#pagefind, search, options, this.#shards);
  }

  /**
   * Searches newest first (`options` must sort by date, descending): merges more shards, doubling their
   * number each time, until the newest shards give `wanted` results or every shard is merged. The first
   * `wanted` results are then those of a search over all shards.
   */
  async searchNewest(search: string, options: SearchOptions, wanted: number): Promise<NewestSearch> {
    // One shard, then two, four…: few round trips however narrow the search.
    for (let count = 1; ; count *= 2) {
      await this.mergeNewest(count);
      const complete = this.complete;
      const found = await this.search(search, options);
      if (!found || complete) return { found, complete };
      // Another search may have merged older shards meanwhile: only hits of the newest `count` shards are sure to come first.
      const newest = new Set(this.#shards.slice(0, count));
      const sure = found.results.filter((result) => newest.has(shardOfResult(result.id) ?? '')).length;
      if (sure >= wanted) return { found, complete };
    }
  }

  /** Filter counts over the shards merged so far. */
  filters(): Promise<FilterCounts> {
    return this.#pagefind.filters();
  }
}

/**
 * Loads Pagefind's script and the newest shard from `bundleUrl` (e.g. `/sub/pagefind/`), with result
 * URLs pointing at `baseUrl`; older shards are merged as searches need them.
 */
export async function loadIndex(bundleUrl: string, baseUrl: string, shards: readonly string[]): Promise<ShardedIndex> {
  const [first] = shards;
  if (first === undefined) throw new Error('the archive has no search index');
  const pagefind = (await import(/* @vite-ignore */ `${bundleUrl}${first}/pagefind.js`)) as Pagefind;
  await pagefind.options({ baseUrl });
  await pagefind.init();
  return new ShardedIndex(pagefind, bundleUrl, baseUrl, shards);
}

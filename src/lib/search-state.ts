/** The search page's state (query, filters, sort) and its URL form, so searches can be shared and revisited. */
import { chineseOrder, peopleOf, type ArticleSummary } from './archive';
import { dateParts } from './dates';

/** How long the search page waits after the last keystroke before it searches as the reader types (ms). */
export const TYPING_PAUSE_MS = 200;

/** Filters a bulletin can be narrowed by; each is a Pagefind filter name. */
export const SEARCH_FILTERS = ['court', 'year', 'task', 'stage', 'person'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

/**
 * How results are ordered: newest first by default. Every bulletin is indexed by which words it has,
 * not how often or where, so among bulletins that all have the query's words Pagefind's relevance
 * ranks little more than their length; and newest first lets the first results come from the newest
 * shards of the index alone (see `ShardedIndex` in `scripts/pagefind-api.ts`).
 */
export type SearchSort = 'relevance' | 'date';

/** Everything that decides which results the search page shows. */
export interface SearchState {
  query: string;
  sort: SearchSort;
  /** Selected values per filter: a bulletin matches a filter when it has any of them. */
  filters: Record<SearchFilter, string[]>;
}

/** Reads the state from a URL's query string: `?q=…&sort=relevance&court=…&task=…`. */
export function parseSearchState(params: URLSearchParams): SearchState {
  const filters = Object.fromEntries(
    SEARCH_FILTERS.map((name) => [name, [...new Set(params.getAll(name).filter((v) => v.length > 0))]]),
  ) as Record<SearchFilter, string[]>;
  return { query: (params.get('q') ?? '').trim(), sort: params.get('sort') === 'relevance' ? 'relevance' : 'date', filters };
}

/** Writes the state as a query string (without `?`); defaults are left out so URLs stay short. */
export function searchStateToParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.sort === 'relevance') params.set('sort', 'relevance');
  for (const name of SEARCH_FILTERS) for (const value of state.filters[name]) params.append(name, value);
  return params;
}

/** True when any filter value is selected. */
export function hasFilters(state: SearchState): boolean {
  return SEARCH_FILTERS.some((name) => state.filters[name].length > 0);
}

/** The state's filters in Pagefind's form: `{ court: { any: [...] } }`, selected filters only. */
export function pagefindFilters(state: SearchState): Record<string, { any: string[] }> {
  return Object.fromEntries(
    SEARCH_FILTERS.filter((name) => state.filters[name].length > 0).map((name) => [name, { any: state.filters[name] }]),
  );
}

/** Counts per filter value: `{ court: { 重庆市高级人民法院: 3 } }`. */
export type FilterCounts = Record<string, Record<string, number>>;

/** The filter values of one bulletin, as the search index records them. */
export function filterValuesOf(article: ArticleSummary): Record<SearchFilter, string[]> {
  return {
    court: [article.court],
    year: [String(dateParts(article.date).year)],
    task: [...article.tasks],
    stage: [...article.stages],
    person: [...new Set(peopleOf(article).map((p) => p.name))],
  };
}

/**
 * How many bulletins have each filter value, over the whole archive: what the search page offers before
 * Pagefind's filter index has loaded. People are many, so only the `peopleLimit` named most often.
 */
export function archiveFilterCounts(articles: readonly ArticleSummary[], peopleLimit = 30): FilterCounts {
  const counts: FilterCounts = Object.fromEntries(SEARCH_FILTERS.map((name) => [name, {}]));
  for (const article of articles) {
    const values = filterValuesOf(article);
    for (const name of SEARCH_FILTERS) {
      const forName = counts[name] ?? {};
      for (const value of values[name]) forName[value] = (forName[value] ?? 0) + 1;
    }
  }
  const people = Object.entries(counts['person'] ?? {})
    .sort(([a, x], [b, y]) => y - x || chineseOrder.compare(a, b))
    .slice(0, peopleLimit);
  return { ...counts, person: Object.fromEntries(people) };
}

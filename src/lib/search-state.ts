/** The search page's state (query, filters, sort) and its URL form, so searches can be shared and revisited. */

/** Filters a bulletin can be narrowed by; each is a Pagefind filter name. */
export const SEARCH_FILTERS = ['court', 'year', 'task', 'stage', 'person'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

/** How results are ordered. */
export type SearchSort = 'relevance' | 'date';

/** Everything that decides which results the search page shows. */
export interface SearchState {
  query: string;
  sort: SearchSort;
  /** Selected values per filter: a bulletin matches a filter when it has any of them. */
  filters: Record<SearchFilter, string[]>;
}

/** Reads the state from a URL's query string: `?q=…&sort=date&court=…&task=…`. */
export function parseSearchState(params: URLSearchParams): SearchState {
  const filters = Object.fromEntries(
    SEARCH_FILTERS.map((name) => [name, [...new Set(params.getAll(name).filter((v) => v.length > 0))]]),
  ) as Record<SearchFilter, string[]>;
  return { query: (params.get('q') ?? '').trim(), sort: params.get('sort') === 'date' ? 'date' : 'relevance', filters };
}

/** Writes the state as a query string (without `?`); defaults are left out so URLs stay short. */
export function searchStateToParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.sort === 'date') params.set('sort', 'date');
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

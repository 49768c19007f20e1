/** The search page: runs the query in the URL through Pagefind and shows results, filters and sort. */
import { ui } from '../i18n/ui';
import { STAGES, TASKS } from '../schema/campaign';
import { chineseOrder } from '../lib/archive';
import { formatDate, chinaDateTime } from '../lib/dates';
import {
  SEARCH_FILTERS,
  TYPING_PAUSE_MS,
  hasFilters,
  pagefindFilters,
  parseSearchState,
  searchStateToParams,
  type SearchFilter,
} from '../lib/search-state';
import { makeExcerpt, prepareQuery } from '../lib/search-text';
import { urls } from '../site';
import { loadIndex, type FilterCounts, type NewestSearch, type PagefindResult, type PagefindResultData, type ShardedIndex } from './pagefind-api';

/** Results shown at first, and added by each "more". */
const PAGE = 10;
/** Values shown per filter before the reader asks for all of them. */
const FILTER_VALUES_SHOWN = 12;

const form = document.querySelector<HTMLFormElement>('#search-form');
const input = document.querySelector<HTMLInputElement>('#search-input');
const sortSelect = document.querySelector<HTMLSelectElement>('#search-sort');
const status = document.querySelector<HTMLElement>('#search-status');
const hint = document.querySelector<HTMLElement>('#search-hint');
const list = document.querySelector<HTMLOListElement>('#search-results');
const more = document.querySelector<HTMLButtonElement>('#search-more');
const filterBox = document.querySelector<HTMLElement>('#search-filters');
const clear = document.querySelector<HTMLButtonElement>('#search-clear');

if (form && input && sortSelect && status && hint && list && more && filterBox && clear) {
  /** The index's shards, newest first (see `lib/search-shards.ts`), as the page was built with them. */
  const shards = JSON.parse(form.dataset['shards'] ?? '[]') as string[];
  /** Filter counts over the whole archive, from the build: shown until Pagefind's filter index is loaded. */
  const archiveCounts = JSON.parse(filterBox.dataset['counts'] ?? '{}') as FilterCounts;
  /**
   * Whether Pagefind's filter index is loaded. It is fetched only after the first results are shown
   * (a search with a filter selected fetches that filter itself), so that results come sooner.
   */
  let filtersLoaded = false;
  let index: ShardedIndex | undefined;
  let state = parseSearchState(new URLSearchParams(location.search));
  let results: PagefindResult[] = [];
  let shown = 0;
  /** Whether `results` come from every shard; until then they are the newest ones, and "more" waits. */
  let allShardsSearched = true;
  /** The search whose results the list shows. */
  let listedBy = 0;
  let run = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (text: string, detail = '') => {
    status.textContent = text;
    hint.textContent = detail;
  };

  /** Puts the state into the URL: a new history entry for a deliberate search, a replacement while typing. */
  const commit = (mode: 'push' | 'replace') => {
    const query = searchStateToParams(state).toString();
    const url = `${location.pathname}${query ? `?${query}` : ''}`;
    if (url === `${location.pathname}${location.search}`) return;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };

  const showForm = () => {
    input.value = state.query;
    sortSelect.value = state.sort;
  };

  /** The counts last shown, and the filters whose every value the reader asked to see. */
  let shownCounts: [FilterCounts, FilterCounts] = [{}, {}];
  const expanded = new Set<SearchFilter>();

  const renderFilters = (counts: FilterCounts, totals: FilterCounts) => {
    shownCounts = [counts, totals];
    // Counts may arrive while a reader is on a checkbox: keep the focus on it.
    const active = document.activeElement;
    const focused = active instanceof HTMLInputElement && filterBox.contains(active) ? { name: active.name, value: active.value } : undefined;
    filterBox.replaceChildren(
      ...SEARCH_FILTERS.map((name) => {
        const values = orderValues(name, { ...totals[name], ...counts[name] });
        // The first few values and the selected ones; the rest on request (an archive names thousands of people).
        const shownValues = expanded.has(name)
          ? values
          : [...new Set([...values.slice(0, FILTER_VALUES_SHOWN), ...values.filter((v) => state.filters[name].includes(v))])];
        const fieldset = document.createElement('fieldset');
        const legend = document.createElement('legend');
        legend.textContent = ui.search.filterNames[name];
        fieldset.append(legend);
        for (const value of shownValues) {
          const label = document.createElement('label');
          const box = document.createElement('input');
          box.type = 'checkbox';
          box.name = name;
          box.value = value;
          box.checked = state.filters[name].includes(value);
          const count = counts[name]?.[value] ?? 0;
          label.append(box, ` ${value}`);
          const number = document.createElement('span');
          number.className = 'search-filters__count';
          number.textContent = ui.search.filterCount(count);
          label.append(number);
          fieldset.append(label);
        }
        if (shownValues.length < values.length) {
          const all = document.createElement('button');
          all.type = 'button';
          all.className = 'search-filters__all';
          all.dataset['filter'] = name;
          all.textContent = ui.search.showAllValues(values.length);
          fieldset.append(all);
        }
        fieldset.hidden = values.length === 0;
        return fieldset;
      }),
    );
    clear.hidden = !hasFilters(state);
    if (focused) filterBox.querySelector<HTMLInputElement>(`input[name="${focused.name}"][value="${CSS.escape(focused.value)}"]`)?.focus();
  };

  /**
   * Marks the list busy while a search's first results are on their way; `data-searched` says whether
   * the results are the newest shards' (`newest`) or every shard's (`all`), for tests and benchmarks.
   */
  const setListState = (busy: boolean, searched: 'newest' | 'all') => {
    list.setAttribute('aria-busy', String(busy));
    list.dataset['searched'] = searched;
  };

  /** The status line and the "more" button for the results shown; while older shards load, that the search goes on. */
  const showStatus = () => {
    more.hidden = !allShardsSearched || shown >= results.length;
    if (!allShardsSearched) setStatus(ui.search.searchingOlder);
    else setStatus(shown < results.length ? ui.search.countShown(shown, results.length) : ui.search.count(results.length));
  };

  /** Shows the next results, unless search `current` has been overtaken by a newer one meanwhile. */
  const renderMore = async (current: number) => {
    const terms = prepareQuery(state.query).terms;
    const batch = results.slice(shown, shown + PAGE);
    const items = await Promise.all(batch.map(async (result) => renderResult(await result.data(), terms, state.query)));
    if (current !== run) return;
    list.append(...items);
    shown += batch.length;
    showStatus();
  };

  const search = async () => {
    const current = ++run;
    showForm();
    more.hidden = true;
    if (!index) return;
    // A query of punctuation only asks for nothing: the page waits for words, as when it is empty.
    if (!prepareQuery(state.query).search && !hasFilters(state)) {
      list.replaceChildren();
      listedBy = current;
      results = [];
      shown = 0;
      allShardsSearched = true;
      setListState(false, 'all');
      setStatus(ui.search.prompt);
      const counts = filtersLoaded ? await index.filters() : archiveCounts;
      if (current === run) renderFilters(counts, {});
      return;
    }
    setStatus(ui.search.loading);
    setListState(true, 'newest');
    const first = await runSearch(index);
    if (current !== run || !first.found) return;
    let found = first.found;
    results = found.results;
    shown = 0;
    allShardsSearched = first.complete;
    list.replaceChildren();
    listedBy = current;
    if (results.length > 0) await renderMore(current);
    if (current !== run) return;
    setListState(false, first.complete ? 'all' : 'newest');
    if (!first.complete) {
      // The newest results are shown: the older shards are merged for the count and for "more", and the
      // filter index fetched with them, so that one search over every shard also gives the filter counts.
      await index.mergeAll();
      if (!filtersLoaded) {
        await index.filters();
        filtersLoaded = true;
      }
      if (current !== run) return;
      const all = await runSearch(index);
      if (current !== run || !all.found) return;
      found = all.found;
      results = found.results;
      allShardsSearched = true;
      setListState(false, 'all');
    }
    if (results.length === 0) setStatus(ui.search.none(state.query), ui.search.noneHint);
    else showStatus();
    if (filtersLoaded) renderFilters(found.filters, found.totalFilters);
    else await loadFilters(index);
  };

  /**
   * The current state's search. Newest first (and with no query), the newest shards are searched
   * first (see `ShardedIndex.searchNewest`); by relevance, every shard is merged before the search.
   */
  const runSearch = async (loaded: ShardedIndex): Promise<NewestSearch> => {
    const prepared = prepareQuery(state.query);
    const filters = pagefindFilters(state);
    if (state.sort === 'date' || !prepared.search) return loaded.searchNewest(prepared.search, { filters, sort: { date: 'desc' } }, PAGE);
    await loaded.mergeAll();
    return { found: await loaded.search(prepared.search, { filters }), complete: true };
  };

  /** Fetches Pagefind's filter index of every shard, then shows the counts for the current search. */
  const loadFilters = async (loaded: ShardedIndex) => {
    await loaded.mergeAll();
    await loaded.filters();
    filtersLoaded = true;
    const current = run;
    const { found } = await runSearch(loaded);
    if (current === run && found) renderFilters(found.filters, found.totalFilters);
  };

  /**
   * Runs the current state's search. A failure (an index file that would not load) is said, unless a
   * newer search runs; results of an earlier search are taken away, not left under this one's query.
   */
  const searchNow = async () => {
    const mine = run + 1;
    try {
      await search();
    } catch {
      if (run !== mine) return;
      if (listedBy !== mine) {
        list.replaceChildren();
        results = [];
        shown = 0;
      }
      more.hidden = true;
      allShardsSearched = true;
      setListState(false, 'all');
      setStatus(ui.search.unavailable);
    }
  };

  /** Focuses `element` if focus was lost (its element replaced) while a search ran, not if the reader moved on. */
  const refocus = (element: HTMLElement | null | undefined) => {
    if (!document.activeElement || document.activeElement === document.body) element?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    state = { ...state, query: input.value.trim() };
    commit('push');
    void searchNow();
  });
  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      state = { ...state, query: input.value.trim() };
      commit('replace');
      void searchNow();
    }, TYPING_PAUSE_MS);
  });
  sortSelect.addEventListener('change', () => {
    state = { ...state, sort: sortSelect.value === 'relevance' ? 'relevance' : 'date' };
    commit('push');
    void searchNow();
  });
  filterBox.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement)) return;
    const name = box.name as SearchFilter;
    const selected = new Set(state.filters[name]);
    if (box.checked) selected.add(box.value);
    else selected.delete(box.value);
    state = { ...state, filters: { ...state.filters, [name]: [...selected] } };
    commit('push');
    void searchNow().then(() => refocus(filterBox.querySelector<HTMLInputElement>(`input[name="${name}"][value="${CSS.escape(box.value)}"]`)));
  });
  filterBox.addEventListener('click', (event) => {
    const button = event.target;
    if (!(button instanceof HTMLButtonElement) || !button.dataset['filter']) return;
    const name = button.dataset['filter'] as SearchFilter;
    expanded.add(name);
    renderFilters(...shownCounts);
    // Focus moves to the first value that was not shown before.
    filterBox.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)[FILTER_VALUES_SHOWN]?.focus();
  });
  clear.addEventListener('click', () => {
    state = parseSearchState(new URLSearchParams(state.query ? { q: state.query } : {}));
    state = { ...state, sort: sortSelect.value === 'relevance' ? 'relevance' : 'date' };
    commit('push');
    void searchNow().then(() => refocus(input));
  });
  more.addEventListener('click', () => {
    const first = shown;
    void renderMore(run).then(() => list.children[first]?.querySelector('a')?.focus());
  });
  window.addEventListener('popstate', () => {
    state = parseSearchState(new URLSearchParams(location.search));
    void searchNow();
  });

  showForm();
  setStatus(ui.search.loading);
  loadIndex(urls.searchBundle(), urls.home(), shards)
    .then((loaded) => {
      index = loaded;
      return searchNow();
    })
    .catch(() => {
      setListState(false, 'all');
      setStatus(ui.search.unavailable);
    });
}

/** Filter values in a reader's order: tasks and stages canonically, years newest first, others by count. */
function orderValues(name: SearchFilter, counts: Record<string, number>): string[] {
  const values = Object.keys(counts);
  if (name === 'task') return TASKS.filter((t) => values.includes(t));
  if (name === 'stage') return STAGES.filter((s) => values.includes(s));
  if (name === 'year') return values.sort((a, b) => b.localeCompare(a));
  return values.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || chineseOrder.compare(a, b));
}

/** One result as a list item; all text goes in through `textContent`, never as HTML. */
function renderResult(data: PagefindResultData, terms: string[], query: string): HTMLLIElement {
  const item = document.createElement('li');
  const article = document.createElement('article');
  const heading = document.createElement('h3');
  heading.className = 'article-list__title';
  const link = document.createElement('a');
  const target = new URL(data.url, location.origin);
  if (query) target.searchParams.set('highlight', query);
  link.href = `${target.pathname}${target.search}`;
  link.textContent = data.meta['title'] ?? data.url;
  heading.append(link);
  const meta = document.createElement('p');
  meta.className = 'meta';
  const date = data.meta['date'];
  if (date) {
    const time = document.createElement('time');
    time.dateTime = chinaDateTime(date);
    time.textContent = formatDate(date);
    meta.append(time, ' · ');
  }
  meta.append(data.meta['court'] ?? '');
  const excerpt = document.createElement('p');
  excerpt.className = 'article-list__summary';
  if (terms.length > 0) {
    // The text starts with the headline, which the result already shows.
    const text = data.meta['text'] ?? '';
    const headline = data.meta['title'] ?? '';
    const body = (headline && text.startsWith(headline) ? text.slice(headline.length) : text).trim();
    for (const part of makeExcerpt(body, terms)) {
      if (part.marked) {
        const mark = document.createElement('mark');
        mark.textContent = part.text;
        excerpt.append(mark);
      } else excerpt.append(part.text);
    }
  } else excerpt.textContent = data.meta['summary'] ?? '';
  article.append(heading, meta, excerpt);
  item.append(article);
  return item;
}

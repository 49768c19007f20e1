/** Sorting, grouping and pagination of bulletins: plain functions over plain article objects. */
import { STAGES, TASKS, type Stage, type Task } from '../schema/campaign';
import { dateParts } from './dates';

/** The fields of an article that listings, grouping and navigation need. */
export interface ArticleSummary {
  id: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  court: string;
  summary: string;
  tasks: readonly Task[];
  stages: readonly Stage[];
  speaker: { name: string; onBehalfOf?: { name: string } | undefined };
  host?: { name: string } | undefined;
}

/** Oldest first: by date, then by id so that bulletins of one day keep a fixed order. */
export function compareOldestFirst(a: ArticleSummary, b: ArticleSummary): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A new array, newest first (the exact reverse of oldest first). */
export function sortNewestFirst<A extends ArticleSummary>(articles: readonly A[]): A[] {
  return [...articles].sort((a, b) => compareOldestFirst(b, a));
}

/** A named group of articles, newest first. */
export interface Group<K, A> {
  key: K;
  articles: A[];
}

/**
 * Groups articles under every key `keysOf` gives them, keeping the input's order inside each group.
 * Groups come out ordered by `order` (default: most articles first, then key).
 */
export function groupBy<K extends string | number, A>(
  articles: readonly A[],
  keysOf: (article: A) => Iterable<K>,
  order: (a: Group<K, A>, b: Group<K, A>) => number = byCountThenKey,
): Group<K, A>[] {
  const groups = new Map<K, A[]>();
  for (const article of articles) {
    for (const key of new Set(keysOf(article))) {
      const list = groups.get(key);
      if (list) list.push(article);
      else groups.set(key, [article]);
    }
  }
  return [...groups].map(([key, list]) => ({ key, articles: list })).sort(order);
}

/**
 * Chinese order (Pinyin) of names: `chineseOrder.compare`. One collator for every comparison:
 * `localeCompare` with a locale makes one each time (about 0.2 s a build for the people of 10,000 bulletins).
 */
export const chineseOrder = new Intl.Collator('zh-CN');

function byCountThenKey<K extends string | number, A>(a: Group<K, A>, b: Group<K, A>): number {
  return b.articles.length - a.articles.length || chineseOrder.compare(String(a.key), String(b.key));
}

/** Articles by court, largest court first. */
export function groupByCourt<A extends ArticleSummary>(articles: readonly A[]): Group<string, A>[] {
  return groupBy(articles, (a) => [a.court]);
}

/** Articles by task, in the campaign's canonical task order; tasks with no article are included, empty. */
export function groupByTask<A extends ArticleSummary>(articles: readonly A[]): Group<Task, A>[] {
  return inOrder(TASKS, groupBy(articles, (a) => a.tasks));
}

/** Articles by stage, in canonical stage order; stages with no article are included, empty. */
export function groupByStage<A extends ArticleSummary>(articles: readonly A[]): Group<Stage, A>[] {
  return inOrder(STAGES, groupBy(articles, (a) => a.stages));
}

function inOrder<K extends string, A>(keys: readonly K[], groups: Group<K, A>[]): Group<K, A>[] {
  const found = new Map(groups.map((g) => [g.key, g.articles]));
  return keys.map((key) => ({ key, articles: found.get(key) ?? [] }));
}

/** The roles in which a bulletin names a person. */
export type PersonRole = 'speaker' | 'host' | 'onBehalfOf';

/** Every person an article names, with the role(s) in which it names them. */
export function peopleOf(article: ArticleSummary): { name: string; role: PersonRole }[] {
  const named: { name: string; role: PersonRole }[] = [{ name: article.speaker.name, role: 'speaker' }];
  if (article.speaker.onBehalfOf) named.push({ name: article.speaker.onBehalfOf.name, role: 'onBehalfOf' });
  if (article.host) named.push({ name: article.host.name, role: 'host' });
  return named;
}

/** A person's group: their articles, and how many name them in each role. */
export interface PersonGroup<A> extends Group<string, A> {
  roles: Record<PersonRole, number>;
}

/** Articles by person (speaker, host, on-behalf-of), most articles first. */
export function groupByPerson<A extends ArticleSummary>(articles: readonly A[]): PersonGroup<A>[] {
  return groupBy(articles, (a) => peopleOf(a).map((p) => p.name)).map((group) => {
    const roles: Record<PersonRole, number> = { speaker: 0, host: 0, onBehalfOf: 0 };
    for (const article of group.articles) {
      for (const { name, role } of peopleOf(article)) if (name === group.key) roles[role] += 1;
    }
    return { ...group, roles };
  });
}

/** A year of the archive with its months, newest first. */
export interface YearGroup<A> {
  year: number;
  articles: A[];
  months: { month: number; articles: A[] }[];
}

/** Articles by year and month, newest year and month first; `articles` should be newest first. */
export function groupByYearAndMonth<A extends ArticleSummary>(articles: readonly A[]): YearGroup<A>[] {
  const newestFirst = (a: { key: number }, b: { key: number }) => b.key - a.key;
  return groupBy(articles, (a) => [dateParts(a.date).year], newestFirst).map(({ key: year, articles: inYear }) => ({
    year,
    articles: inYear,
    months: groupBy(inYear, (a) => [dateParts(a.date).month], newestFirst).map(({ key, articles: inMonth }) => ({
      month: key,
      articles: inMonth,
    })),
  }));
}

/** The articles just before and after the one at `index` of a list sorted oldest first. */
export function neighbours<A extends ArticleSummary>(
  oldestFirst: readonly A[],
  index: number,
): { previous: A | undefined; next: A | undefined } {
  return { previous: oldestFirst[index - 1], next: oldestFirst[index + 1] };
}

/** The number of a listing's front page, at the listing's own URL; its older pages are numbered from 1. */
export const FRONT_PAGE = 0;

/**
 * One page of a listing whose items run newest first. The front page holds the newest items; the older
 * ones are cut into pages of a fixed size numbered from the oldest (page 1). So adding the newest item
 * changes the front page alone, and an older page keeps its address and its items whatever is added
 * after it: on a static host only a few files change, and a link to page 12 of a court's bulletins
 * still shows them. (An item added among older ones, or one removed, shifts the pages newer than it.)
 * Nothing on an older page may depend on how many items there are; only the navigation of the three
 * newest older pages depends on how many pages there are, and changes once per page added.
 */
export interface Page<T> {
  /** {@link FRONT_PAGE}, or the page's number counted from the oldest page (1). */
  number: number;
  items: T[];
  /** How many items the listing has: on the front page only. */
  total?: number;
  /** The next page towards the newest ({@link FRONT_PAGE} from the newest numbered page); none on the front page. */
  newer?: number;
  /** The next page towards the oldest; none on page 1, nor on a front page that holds everything. */
  older?: number;
  /**
   * What its navigation shows, newest first: the front page, up to two pages either side of this one,
   * and page 1, with `null` where pages are left out. Empty when the listing has one page.
   */
  shown: (number | null)[];
}

/**
 * The pages a page's navigation names, newest first, with `null` for a gap. `position` is where the
 * page stands counted from the oldest (the front page stands after the `older` numbered pages); a
 * numbered page's list depends on `older` only through the pages next to it, so it stays the same
 * while newer items are added.
 */
function shownPages(position: number, older: number): (number | null)[] {
  if (older === 0) return [];
  // Page 2 rather than a gap of that one page before page 1.
  const lowest = position - 3 === 2 ? [2] : [];
  const near = [position + 2, position + 1, position, position - 1, position - 2, ...lowest, 1].filter((n) => n >= 1 && n <= older);
  const numbers = [...new Set(near)];
  const shown: (number | null)[] = [FRONT_PAGE];
  // The front page lies next to the newest numbered page (`older`); a gap before the first number shown
  // is known to a page only once that number is not the newest, so it can change when a page is added.
  let previous = older + 1;
  for (const n of numbers) {
    if (previous - n > 1) shown.push(null);
    shown.push(n);
    previous = n;
  }
  return shown;
}

/**
 * Splits `items` (newest first) into a front page and older pages of `size` (see {@link Page}). The
 * front page keeps between `size` and 2 × `size` − 1 items, or all of them when there are fewer, so it
 * is never nearly empty; an empty list gives one empty front page.
 */
export function paginate<T>(items: readonly T[], size: number): Page<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`page size must be a positive integer, got ${size}`);
  const total = items.length;
  const older = Math.max(0, Math.floor(total / size) - 1);
  const front: Page<T> = {
    number: FRONT_PAGE,
    items: items.slice(0, total - older * size),
    total,
    ...(older > 0 ? { older } : {}),
    shown: shownPages(older + 1, older),
  };
  const numbered = Array.from({ length: older }, (_, i): Page<T> => {
    const number = older - i;
    return {
      number,
      items: items.slice(total - number * size, total - (number - 1) * size),
      newer: number < older ? number + 1 : FRONT_PAGE,
      ...(number > 1 ? { older: number - 1 } : {}),
      shown: shownPages(number, older),
    };
  });
  return [front, ...numbered];
}

/** Counts of articles per month over the whole span, months with none included, oldest first. */
export function monthlyCounts(articles: readonly ArticleSummary[]): { year: number; month: number; count: number }[] {
  if (articles.length === 0) return [];
  const counts = new Map<string, number>();
  let first = articles[0]!.date;
  let last = first;
  for (const { date } of articles) {
    const key = date.slice(0, 7);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (date < first) first = date;
    if (date > last) last = date;
  }
  const out: { year: number; month: number; count: number }[] = [];
  let { year, month } = dateParts(first);
  const end = dateParts(last);
  while (year < end.year || (year === end.year && month <= end.month)) {
    out.push({ year, month, count: counts.get(`${year}-${String(month).padStart(2, '0')}`) ?? 0 });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

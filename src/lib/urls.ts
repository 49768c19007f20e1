/** Every URL of the site is built here, from the deployment base, so pages, feed and sitemap agree. */
import { STAGE_SLUGS, TASK_SLUGS, type Stage, type Task } from '../schema/campaign';
import { FRONT_PAGE } from './archive';

/** The folder of article pages. */
const ARTICLES = 'articles';

/** The sitemap's files at the root of the build: its index, and the files it lists, numbered from 0. */
export const SITEMAP_FILES = {
  index: 'sitemap-index.xml',
  part: (number: number) => `sitemap-${number}.xml`,
} as const;

/** An article page's path relative to the site, its id in the first group. Made once: it is tried on every page of a build. */
const ARTICLE_PAGE_PATH = new RegExp(`^/?${ARTICLES}/([^/]+)/?$`);

/** The id of the article a built page belongs to, from its path relative to the site (`articles/<id>/`), if it is one. */
export function articleIdFromPagePath(pathname: string): string | undefined {
  const match = ARTICLE_PAGE_PATH.exec(pathname);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

/** The URL builders at the root, for {@link articlePagePath}: made once. */
let rootUrls: Urls | undefined;

/** The path of an article's page within the site, as a built page's URL gives it (`articles/<id>/`, decoded). */
export function articlePagePath(id: string): string {
  rootUrls ??= createUrls('/');
  return decodeURI(rootUrls.article(id).slice(1));
}

/**
 * The path segment that selects page `n` of a paginated listing: none for its front page, `page/N` for
 * an older page, numbered from the oldest (see `Page` in archive.ts).
 */
export function pageSegment(n: number): string | undefined {
  return n === FRONT_PAGE ? undefined : `page/${n}`;
}

/** Joins a listing's path and page number into one path. */
function paged(path: string, page: number): string {
  const segment = pageSegment(page);
  return segment ? `${path}${segment}/` : path;
}

/** The path segment of a month in archive URLs: 3 → `03`. */
export function monthSegment(month: number): string {
  return String(month).padStart(2, '0');
}

/**
 * `make`, remembering what it gave for each key. The builders of the links that every list item has
 * (a bulletin, its court) and of the people's pages are called about 300,000 times in a build of
 * 10,000 bulletins, for a few thousand different names: encoding each name every time took about 0.5 s.
 */
function remembered(make: (key: string) => string): (key: string) => string {
  const made = new Map<string, string>();
  return (key) => {
    let url = made.get(key);
    if (url === undefined) {
      url = make(key);
      made.set(key, url);
    }
    return url;
  };
}

/** The site's URL builders, all relative to `base` (Astro's `BASE_URL`, e.g. `/` or `/archive/`). */
export function createUrls(base: string) {
  const root = base.endsWith('/') ? base : `${base}/`;
  /** A path inside the site; `segments` are encoded, so names such as 重庆市高级人民法院 are safe. */
  const at = (...segments: string[]) =>
    segments.length === 0 ? root : `${root}${segments.map((s) => encodeURIComponent(s)).join('/')}/`;
  const articleAt = remembered((id) => at(ARTICLES, id));
  const courtAt = remembered((name) => at('courts', name));
  const personAt = remembered((name) => at('people', name));

  return {
    /** The home page, or page `n` of all bulletins, numbered from the oldest. */
    home: (page = FRONT_PAGE) => paged(at(), page),
    /** One bulletin. */
    article: (id: string) => articleAt(id),
    /** All years and months. */
    archive: () => at('archive'),
    /** One year's bulletins. */
    year: (year: number, page = FRONT_PAGE) => paged(at('archive', String(year)), page),
    /** One month's bulletins. */
    month: (year: number, month: number, page = FRONT_PAGE) => paged(at('archive', String(year), monthSegment(month)), page),
    /** All courts. */
    courts: () => at('courts'),
    /** One court's bulletins. */
    court: (name: string, page = FRONT_PAGE) => paged(courtAt(name), page),
    /** The four tasks. */
    tasks: () => at('tasks'),
    /** The bulletins covering one task. */
    task: (task: Task, page = FRONT_PAGE) => paged(at('tasks', TASK_SLUGS[task]), page),
    /** The three stages. */
    stages: () => at('stages'),
    /** The bulletins covering one stage. */
    stage: (stage: Stage, page = FRONT_PAGE) => paged(at('stages', STAGE_SLUGS[stage]), page),
    /** All people named as speaker, host or on-behalf-of. */
    people: () => at('people'),
    /** The bulletins naming one person. */
    person: (name: string, page = FRONT_PAGE) => paged(personAt(name), page),
    /** Full-text search, optionally with a query: `search/?q=…`. */
    search: (query?: string) => (query ? `${at('search')}?q=${encodeURIComponent(query)}` : at('search')),
    /** The campaign overview. */
    campaign: () => at('campaign'),
    /** The RSS feed. */
    feed: () => `${root}rss.xml`,
    /** The sitemap index (`lib/sitemap.ts`). */
    sitemap: () => `${root}${SITEMAP_FILES.index}`,
    /** The search highlighter an article page loads when opened from a search result. */
    highlighter: () => `${root}highlight.js`,
    /** The Pagefind search bundle written at build time. */
    searchBundle: () => `${root}pagefind/`,
    /** Any file from `public/` or the build, e.g. `favicon.svg`, or a built page by its path (`articles/<id>/`, the home page `''`). */
    asset: (file: string) => `${root}${file}`,
  };
}

/** The URL builders for one deployment base. */
export type Urls = ReturnType<typeof createUrls>;

/** An absolute URL for `path` on `site` (e.g. for canonical links and feeds). */
export function absoluteUrl(site: string | URL, path: string): string {
  return new URL(path, site).href;
}

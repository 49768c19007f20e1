/**
 * Static paths: paginated listings (one route entry per page, the front page at the listing's own URL),
 * and the cache key every entry carries for Astro's incremental build.
 */
import { createHash } from 'node:crypto';
import type { Article } from './content';
import { FRONT_PAGE, paginate, type Page } from './lib/archive';
import { pageSegment } from './lib/urls';

/**
 * The key under which Astro's incremental build (`experimental.incrementalBuild`) reuses a page from
 * the previous build: a digest of everything the page is made from besides its code and the parts of
 * the configuration Astro hashes itself (site, base, Markdown and build options; not environment
 * variables). So a page must take all its data from `data`, its props plus whatever else is passed (an
 * article's source digest); a page that reads more elsewhere would be reused stale. Articles in `data`
 * are best given as their {@link articleKey}.
 */
export function cacheKeyOf(...data: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('base64url');
}

const articleKeys = new WeakMap<Article, string>();

/**
 * A digest of all of an article's data, for the cache keys of the pages that show it: made once per
 * article and build (the archive's articles are never changed once read), however many pages show it.
 * Digesting each page's articles whole took 0.6 s of every build at 10,000 bulletins, since each
 * article is on about 25 pages (docs/performance.md).
 */
export function articleKey(article: Article): string {
  let key = articleKeys.get(article);
  if (key === undefined) {
    key = cacheKeyOf(article);
    articleKeys.set(article, key);
  }
  return key;
}

/** Bulletins per listing page. */
export const PAGE_SIZE = 20;

/**
 * The `getStaticPaths` entries for every page of `articles`, with `params` plus the `page` rest
 * parameter; `extra` goes to every page, `onFront` to the front page alone: what changes with every
 * bulletin added (counts, say) belongs there, so that the older pages stay as they are (see `Page`).
 */
export function pagedPaths<P extends Record<string, string>, X extends object, F extends object = object>(
  articles: readonly Article[],
  params: P,
  extra: X,
  onFront?: F,
): { params: P & { page: string | undefined }; props: X & Partial<F> & { page: Page<Article> }; cacheKey: string }[] {
  return paginate(articles, PAGE_SIZE).map((page) => {
    const data = page.number === FRONT_PAGE ? { ...extra, ...onFront } : extra;
    const props = { ...data, page };
    const cacheKey = cacheKeyOf({ ...data, page: { ...page, items: page.items.map(articleKey) } });
    return { params: { ...params, page: pageSegment(page.number) }, props, cacheKey };
  });
}

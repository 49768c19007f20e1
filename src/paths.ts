/** Static paths for paginated listings: one route entry per page, page 1 at the listing's own URL. */
import type { Article } from './content';
import { paginate, type Page } from './lib/archive';
import { pageSegment } from './lib/urls';

/** Bulletins per listing page. */
export const PAGE_SIZE = 20;

/** The `getStaticPaths` entries for every page of `articles`, with `params` plus the `page` rest parameter. */
export function pagedPaths<P extends Record<string, string>, X extends object>(
  articles: readonly Article[],
  params: P,
  extra: X,
): { params: P & { page: string | undefined }; props: X & { page: Page<Article> } }[] {
  return paginate(articles, PAGE_SIZE).map((page) => ({
    params: { ...params, page: pageSegment(page.number) },
    props: { ...extra, page },
  }));
}

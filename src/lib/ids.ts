/** Stable ASCII ids for articles, made from facts that do not change when a headline is edited. */
import { createHash } from 'node:crypto';

/** The facts an article id is made from. */
export interface ArticleIdSource {
  /** `YYYY-MM-DD`. */
  date: string;
  /** The court's full official name. */
  court: string;
  /** The title under which the piece first ran (原标题), which never changes once published. */
  originalTitle: string;
}

/**
 * `2021-03-05-1a2b3c4d`: the date, then the first 8 hex digits of SHA-256 over court and original title.
 * The id names the article file and its URL, so it must stay the same when the displayed title is edited.
 */
export function articleId({ date, court, originalTitle }: ArticleIdSource): string {
  const digest = createHash('sha256').update(`${court}\n${originalTitle}`).digest('hex');
  return `${date}-${digest.slice(0, 8)}`;
}

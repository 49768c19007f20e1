/** "Related bulletins": those sharing the most court, tasks and stages, nearest in time. */
import { compareOldestFirst, type ArticleSummary } from './archive';

/** How much each shared trait counts. The same court says more than one shared task of four. */
const COURT_WEIGHT = 2;

/** How many neighbours in time are considered on each side; keeps the work linear in archive size. */
const DEFAULT_WINDOW = 150;

/** The shared-trait score of two articles; 0 when they share nothing. */
export function relatedness(a: ArticleSummary, b: ArticleSummary): number {
  const sharedTasks = a.tasks.filter((t) => b.tasks.includes(t)).length;
  const sharedStages = a.stages.filter((s) => b.stages.includes(s)).length;
  return (a.court === b.court ? COURT_WEIGHT : 0) + sharedTasks + sharedStages;
}

/**
 * For every article, up to `limit` related ones: highest score first, then nearest in time, then by id.
 * Candidates are the `window` nearest articles in time on each side, plus the `window` nearest of the
 * same court, so the cost grows linearly with the archive rather than with its square.
 */
export function relatedArticles<A extends ArticleSummary>(
  articles: readonly A[],
  limit = 5,
  window = DEFAULT_WINDOW,
): Map<string, A[]> {
  const oldestFirst = [...articles].sort(compareOldestFirst);
  const byCourt = new Map<string, A[]>();
  for (const article of oldestFirst) {
    const list = byCourt.get(article.court);
    if (list) list.push(article);
    else byCourt.set(article.court, [article]);
  }
  const positionInCourt = new Map<string, number>();
  for (const list of byCourt.values()) list.forEach((a, i) => positionInCourt.set(a.id, i));

  const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const related = new Map<string, A[]>();
  oldestFirst.forEach((article, index) => {
    const candidates = new Set<A>(around(oldestFirst, index, window));
    const courtList = byCourt.get(article.court) ?? [];
    for (const a of around(courtList, positionInCourt.get(article.id) ?? 0, window)) candidates.add(a);
    candidates.delete(article);

    const day = dayNumber(article.date);
    const scored = [...candidates]
      .map((candidate) => ({
        candidate,
        score: relatedness(article, candidate),
        distance: Math.abs(dayNumber(candidate.date) - day),
      }))
      .filter((s) => s.score > 0)
      .sort((x, y) => y.score - x.score || x.distance - y.distance || compareOldestFirst(y.candidate, x.candidate));
    related.set(article.id, scored.slice(0, limit).map((s) => s.candidate));
  });
  return related;
}

function around<A>(list: readonly A[], index: number, window: number): A[] {
  return list.slice(Math.max(0, index - window), index + window + 1);
}

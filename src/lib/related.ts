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

  const dayNumber = new Map<A, number>(oldestFirst.map((a) => [a, Date.parse(`${a.date}T00:00:00Z`) / 86_400_000]));
  const related = new Map<string, A[]>();
  oldestFirst.forEach((article, index) => {
    const candidates = new Set<A>(around(oldestFirst, index, window));
    const courtList = byCourt.get(article.court) ?? [];
    for (const a of around(courtList, positionInCourt.get(article.id) ?? 0, window)) candidates.add(a);
    candidates.delete(article);

    // The best `limit` candidates, kept in order as they are found (cheaper than sorting them all).
    const day = dayNumber.get(article) ?? 0;
    const best: Scored<A>[] = [];
    for (const candidate of candidates) {
      const score = relatedness(article, candidate);
      if (score === 0) continue;
      const scored = { candidate, score, distance: Math.abs((dayNumber.get(candidate) ?? 0) - day) };
      let at = best.length;
      while (at > 0 && compareScored(scored, best[at - 1] as Scored<A>) < 0) at -= 1;
      if (at < limit) {
        best.splice(at, 0, scored);
        if (best.length > limit) best.pop();
      }
    }
    related.set(article.id, best.map((s) => s.candidate));
  });
  return related;
}

interface Scored<A> {
  candidate: A;
  score: number;
  distance: number;
}

/** Higher score first, then nearer in time, then the newer one. */
function compareScored<A extends ArticleSummary>(x: Scored<A>, y: Scored<A>): number {
  return y.score - x.score || x.distance - y.distance || compareOldestFirst(y.candidate, x.candidate);
}

function around<A>(list: readonly A[], index: number, window: number): A[] {
  return list.slice(Math.max(0, index - window), index + window + 1);
}

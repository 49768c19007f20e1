/** "Related bulletins": those sharing the most court, tasks and stages, nearest in time. */
import { STAGES, TASKS } from '../schema/campaign';
import { compareOldestFirst, type ArticleSummary } from './archive';

/** How much each shared trait counts. The same court says more than one shared task of four. */
const COURT_WEIGHT = 2;

/** How many neighbours in time are considered on each side; keeps the work linear in archive size. */
const DEFAULT_WINDOW = 150;

/** The shared-trait score of two articles; 0 when they share nothing. */
export function relatedness(a: ArticleSummary, b: ArticleSummary): number {
  return numericTraits([a, b]).score(0, 1);
}

/**
 * For every article, up to `limit` related ones: highest score first, then nearest in time, then the newer.
 * Candidates are the `window` nearest articles in time on each side, plus the `window` nearest of the
 * same court, so the cost grows linearly with the archive rather than with its square.
 *
 * The traits are turned into numbers first (a court number, bit sets of tasks and of stages), since the
 * score is computed for about `4 × window` candidates per article: at 10,000 articles, six million
 * times per build.
 */
export function relatedArticles<A extends ArticleSummary>(
  articles: readonly A[],
  limit = 5,
  window = DEFAULT_WINDOW,
): Map<string, A[]> {
  const oldestFirst = [...articles].sort(compareOldestFirst);
  const traits = numericTraits(oldestFirst);
  const byCourt = new Map<number, number[]>();
  const positionInCourt = new Int32Array(oldestFirst.length);
  oldestFirst.forEach((_, index) => {
    const court = traits.court[index] as number;
    let list = byCourt.get(court);
    if (!list) byCourt.set(court, (list = []));
    positionInCourt[index] = list.push(index) - 1;
  });

  // `seenBy[c] === i` once candidate `c` was scored for article `i`: each candidate is scored once.
  const seenBy = new Int32Array(oldestFirst.length).fill(-1);
  const related = new Map<string, A[]>();
  oldestFirst.forEach((article, index) => {
    const best: Scored[] = [];
    const consider = (candidate: number) => {
      if (candidate === index || seenBy[candidate] === index) return;
      seenBy[candidate] = index;
      const score = traits.score(index, candidate);
      if (score === 0) return;
      const distance = Math.abs((traits.day[candidate] as number) - (traits.day[index] as number));
      // Most candidates do not make a full list: they are turned away before anything is made for them.
      const last = best.length === limit ? best[limit - 1] : undefined;
      if (last && compareScoredTo(candidate, score, distance, last) >= 0) return;
      const scored = { index: candidate, score, distance };
      let at = best.length;
      while (at > 0 && compareScored(scored, best[at - 1] as Scored) < 0) at -= 1;
      if (at < limit) {
        best.splice(at, 0, scored);
        if (best.length > limit) best.pop();
      }
    };
    for (let c = Math.max(0, index - window); c <= Math.min(oldestFirst.length - 1, index + window); c += 1) consider(c);
    const courtList = byCourt.get(traits.court[index] as number) ?? [];
    const inCourt = positionInCourt[index] as number;
    for (let p = Math.max(0, inCourt - window); p <= Math.min(courtList.length - 1, inCourt + window); p += 1) {
      consider(courtList[p] as number);
    }
    related.set(article.id, best.map((s) => oldestFirst[s.index] as A));
  });
  return related;
}

/**
 * The traits of articles (in the given order) as numbers, and {@link relatedness} computed on them: a
 * number per court, and the tasks and the stages as bit sets (the schema keeps each once).
 */
function numericTraits(articles: readonly ArticleSummary[]) {
  const courts = new Map<string, number>();
  const court = Int32Array.from(articles, (a) => courts.get(a.court) ?? courts.set(a.court, courts.size).size - 1);
  const bitSet = <T>(canonical: readonly T[], values: readonly T[]) =>
    values.reduce((bits, value) => {
      const bit = canonical.indexOf(value);
      if (bit < 0) throw new Error(`not one of ${canonical.join(', ')}: ${String(value)}`);
      return bits | (1 << bit);
    }, 0);
  // Tasks and stages in one bit set (tasks low, stages above them): each shared one counts 1.
  const traits = Int32Array.from(articles, (a) => bitSet(TASKS, a.tasks) | (bitSet(STAGES, a.stages) << TASKS.length));
  const day = Float64Array.from(articles, (a) => Date.parse(`${a.date}T00:00:00Z`) / 86_400_000);
  const score = (a: number, b: number) =>
    (court[a] === court[b] ? COURT_WEIGHT : 0) + (BITS_SET[(traits[a] as number) & (traits[b] as number)] as number);
  return { court, day, score };
}

/** How many bits are set in each number of {@link TASKS} + {@link STAGES} bits. */
const BITS_SET = Uint8Array.from({ length: 1 << (TASKS.length + STAGES.length) }, (_, bits) => {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count += 1;
  return count;
});

interface Scored {
  /** The candidate's position, oldest first. */
  index: number;
  score: number;
  distance: number;
}

/** Higher score first, then nearer in time, then the newer one (the later in oldest-first order). */
function compareScored(x: Scored, y: Scored): number {
  return compareScoredTo(x.index, x.score, x.distance, y);
}

/** {@link compareScored} of a candidate not yet made into a {@link Scored}. */
function compareScoredTo(index: number, score: number, distance: number, y: Scored): number {
  return y.score - score || distance - y.distance || y.index - index;
}

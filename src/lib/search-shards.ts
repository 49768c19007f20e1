/**
 * How the search index is split into shards, shared by the indexer (Node) and the search page (browser).
 *
 * Pagefind held a whole index in memory while writing it (about 1 MB per bulletin here), so the index
 * is built as several Pagefind indexes of at most {@link SHARD_SIZE} bulletins, each written on its
 * own (`search-index-writer.ts`), and the search page merges them (Pagefind's `mergeIndex`). A shard
 * holds bulletins of one year, oldest first, cut every {@link SHARD_SIZE}: a new bulletin only changes
 * the shard of its year (usually the last part), and an unchanged shard is taken from the cache instead
 * of being built again.
 *
 * Each shard is written in its own language code (`und-x-2021`, a private-use tag of "undetermined"),
 * which Pagefind neither segments nor stems and puts at the start of every result id; so the search
 * page can tell which shard a result came from without loading it.
 */

/**
 * The most bulletins in one shard. Written after the pages, two at a time on two cores, the last shard
 * often ran alone: with 1,000 rather than 2,000 that wait was half as long, and the index of 10,000
 * bulletins took 34.5–34.6 s instead of 37.6–42.5 s (docs/performance.md). Smaller shards are also
 * complete sooner while Astro renders, when they are written one at a time. The search page merges more
 * shards for its count (0.9–1.2 s after the input settles instead of 0.8–1.0 s at 10,000); its first
 * results need the newest shards only.
 */
const SHARD_SIZE = 1000;

/** One shard of the index: its name (`2021`, `2021-2`…) and the ids of its bulletins, oldest first. */
export interface Shard {
  name: string;
  ids: string[];
}

const LANGUAGE_PREFIX = 'und-x-';

/**
 * Splits bulletins into shards: by year, newest year first; within a year oldest first, every
 * `size` bulletins a new part (`2021`, `2021-2`, …). Ids start with the date, so they sort by time.
 */
export function planShards(articles: readonly { id: string; date: string }[], size = SHARD_SIZE): Shard[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`shard size must be a positive whole number, got ${size}`);
  const byYear = new Map<string, string[]>();
  for (const { id, date } of articles) {
    const year = date.slice(0, 4);
    const ids = byYear.get(year) ?? [];
    ids.push(id);
    byYear.set(year, ids);
  }
  const shards: Shard[] = [];
  for (const year of [...byYear.keys()].sort().reverse()) {
    const ids = (byYear.get(year) ?? []).sort();
    const parts: Shard[] = [];
    for (let at = 0, part = 1; at < ids.length; at += size, part += 1) {
      parts.push({ name: part === 1 ? year : `${year}-${part}`, ids: ids.slice(at, at + size) });
    }
    shards.push(...parts.reverse());
  }
  return shards;
}

/** The language code a shard's index is written in: `2021-2` → `und-x-2021-2`. */
export function shardLanguage(name: string): string {
  return `${LANGUAGE_PREFIX}${name}`;
}

/** The shard a Pagefind result id (`und-x-2021-2_3c63b3c`) belongs to, or undefined for another id. */
export function shardOfResult(id: string): string | undefined {
  if (!id.startsWith(LANGUAGE_PREFIX)) return undefined;
  const end = id.lastIndexOf('_');
  return end > LANGUAGE_PREFIX.length ? id.slice(LANGUAGE_PREFIX.length, end) : undefined;
}

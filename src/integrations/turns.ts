/**
 * Turns of the index process's event loop between pieces of synchronous work (pages read, records
 * made, fragments written): the work is synchronous, since Node's asynchronous file calls took more
 * processor time for the same files (docs/performance.md, "The index's files written at once"), and
 * the turns let the process still take the pages Astro hands over and Pagefind's answers meanwhile.
 */
import { setImmediate } from 'node:timers/promises';

/** How many items between turns: a few dozen milliseconds of work. */
const ITEMS_BETWEEN_TURNS = 64;

/** A turn after every {@link ITEMS_BETWEEN_TURNS}th item; `index` counts the items from 0. */
export async function turnNowAndThen(index: number): Promise<void> {
  if (index % ITEMS_BETWEEN_TURNS === ITEMS_BETWEEN_TURNS - 1) await setImmediate();
}

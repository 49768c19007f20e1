/** Marks the words a reader searched for (`?highlight=…`) in the article they opened from the results. */
import { findMatches, prepareQuery } from '../lib/search-text';

/** The class of each mark, so styles and tests can find them. */
export const HIGHLIGHT_CLASS = 'search-hit';

/** Wraps every match of `query` inside `root` in `<mark>`; returns the marks, first match first. */
export function highlight(root: Element, query: string): HTMLElement[] {
  const { terms } = prepareQuery(query);
  if (terms.length === 0) return [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  const marks: HTMLElement[] = [];
  for (const node of nodes) {
    const text = node.data;
    const matches = findMatches(text, terms);
    for (const [from, to] of matches.reverse()) {
      const hit = node.splitText(from);
      hit.splitText(to - from);
      const mark = document.createElement('mark');
      mark.className = HIGHLIGHT_CLASS;
      hit.replaceWith(mark);
      mark.append(hit);
      marks.unshift(mark);
    }
  }
  return marks;
}

const query = new URLSearchParams(location.search).get('highlight');
const article = document.querySelector('[data-search-body]');
if (query && article) {
  const marks = highlight(article, query);
  marks[0]?.scrollIntoView({ block: 'center' });
}

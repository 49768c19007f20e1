/**
 * The article page's only script: a few bytes inline that load the search highlighter (its URL in
 * the script's `data-src`) when the page was opened from a search result (`?highlight=…`), and
 * nothing otherwise. Its text never changes, so the Content-Security-Policy allows it by its hash.
 */
import { createHash } from 'node:crypto';

/** The inline script, exactly as it is written into the page. */
export const HIGHLIGHT_LOADER = "if(new URLSearchParams(location.search).has('highlight'))import(document.currentScript.dataset.src)";

/** The CSP source that allows the inline script: `'sha256-…'`. */
export const HIGHLIGHT_LOADER_HASH = `'sha256-${createHash('sha256').update(HIGHLIGHT_LOADER).digest('base64')}'`;

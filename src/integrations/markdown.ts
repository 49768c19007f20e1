/**
 * How the bulletins' Markdown becomes HTML: the processor of Astro's configuration (astro.config.mjs),
 * which the search index also uses to read bulletins from their sources before Astro renders their
 * pages (`search-guess.ts`).
 */
import { satteri } from '@astrojs/markdown-satteri';

/**
 * Bulletins are kept as written: no "smart" quotes, dashes or ellipses added to their text (Markdown
 * and MDX alike: the MDX integration takes the processor's features).
 */
export function markdownProcessor(): ReturnType<typeof satteri> {
  return satteri({ features: { smartPunctuation: false } });
}

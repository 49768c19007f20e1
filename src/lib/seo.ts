/** Structured data for search engines, as plain objects built from article fields. */
import { chinaDateTime } from './dates';

/** The facts a `NewsArticle` record needs. */
export interface NewsArticleFacts {
  title: string;
  date: string;
  court: string;
  summary: string;
  speaker: { name: string };
  tags: readonly string[];
  /** Absolute URL of the article page. */
  url: string;
  /** The archive's name. */
  siteName: string;
}

/** A schema.org `NewsArticle` for one bulletin. */
export function newsArticleJsonLd(facts: NewsArticleFacts): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: facts.title,
    datePublished: chinaDateTime(facts.date),
    description: facts.summary,
    inLanguage: 'zh-CN',
    mainEntityOfPage: facts.url,
    url: facts.url,
    author: { '@type': 'Organization', name: facts.court },
    publisher: { '@type': 'Organization', name: facts.court },
    mentions: [{ '@type': 'Person', name: facts.speaker.name }],
    keywords: facts.tags.join(','),
    isPartOf: { '@type': 'WebSite', name: facts.siteName },
  };
}

/**
 * JSON for an inline `<script type="application/ld+json">`. `<` is escaped so that text from an
 * article (e.g. `</script>`) can never close the element early.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

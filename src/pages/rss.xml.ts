/** RSS 2.0 feed of the newest bulletins, with their full text. */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getArchive, renderArticleHtml } from '../content';
import { ui } from '../i18n/ui';
import { feedInstant } from '../lib/dates';
import { absoluteUrl } from '../lib/urls';
import { urls } from '../site';

/** How many of the newest bulletins the feed carries: enough for any reader that polls, small enough to fetch. */
export const FEED_SIZE = 50;

export const GET: APIRoute = async ({ site }) => {
  const origin = site ?? new URL('http://localhost:4321');
  const { articles } = await getArchive();
  const items = await Promise.all(
    articles.slice(0, FEED_SIZE).map(async (article) => ({
      title: article.title,
      link: urls.article(article.id),
      pubDate: feedInstant(article.date),
      description: article.summary,
      // Feed readers resolve links against the feed's own address inconsistently, so site paths become absolute.
      content: (await renderArticleHtml(article.id)).replace(/(src|href)="\//g, `$1="${origin.origin}/`),
      categories: [article.court, ...article.tasks, ...article.stages, ...article.tags],
    })),
  );
  return rss({
    title: ui.feed.title,
    description: ui.feed.description,
    site: absoluteUrl(origin, urls.home()),
    items,
    customData: '<language>zh-cn</language>',
    trailingSlash: true,
  });
};

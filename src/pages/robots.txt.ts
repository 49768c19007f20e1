/** robots.txt: everything may be crawled; points crawlers at the sitemap under this build's site and base. */
import type { APIRoute } from 'astro';
import { absoluteUrl } from '../lib/urls';
import { urls } from '../site';

export const GET: APIRoute = ({ site }) => {
  const sitemap = absoluteUrl(site ?? 'http://localhost:4321', urls.sitemap());
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
};

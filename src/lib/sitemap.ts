/**
 * The sitemap (sitemaps.org protocol 0.9): the absolute URL of every page, in files of at most
 * {@link SITEMAP_LIMIT} URLs, and an index of those files, which robots.txt and every page name.
 */
import { escapeUTF8 } from 'entities';
import { SITEMAP_FILES } from './urls';

/** The protocol's most URLs in one file (@astrojs/sitemap, which the site used before, cut at 45,000). */
export const SITEMAP_LIMIT = 50_000;

/**
 * Whether a built page (its path in the site, as the build lists it) answers an error: `404/`, `500/`,
 * not a page to crawl. (@astrojs/sitemap left out every path ending so, the 404th page of a listing too.)
 */
export function isErrorPage(path: string): boolean {
  return /^(?:404|500)\/?$/.test(path);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** URLs in a fixed order, numbers by value (`page/2/` before `page/10/`). */
const urlOrder = new Intl.Collator('en', { numeric: true });

/** A file of the sitemap: its name at the root of the build (see {@link SITEMAP_FILES}), and its text. */
export interface SitemapFile {
  file: string;
  xml: string;
}

/**
 * The sitemap of the pages at `pageUrls` (absolute; each listed once, in order): its files, then its
 * index, which names each file by the URL `fileUrl` gives its name. A site without pages has one empty
 * file, so that the index names one.
 */
export function sitemapFiles(pageUrls: readonly string[], fileUrl: (file: string) => string, limit = SITEMAP_LIMIT): SitemapFile[] {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`a sitemap file holds a positive whole number of URLs, not ${limit}`);
  const urls = [...new Set(pageUrls)].sort(urlOrder.compare);
  const files: SitemapFile[] = [];
  for (let start = 0; start < urls.length || files.length === 0; start += limit) {
    const entries = urls.slice(start, start + limit).map((url) => `<url><loc>${escapeUTF8(url)}</loc></url>`);
    files.push({ file: SITEMAP_FILES.part(files.length), xml: `${XML_DECLARATION}<urlset xmlns="${NAMESPACE}">${entries.join('')}</urlset>` });
  }
  const listed = files.map(({ file }) => `<sitemap><loc>${escapeUTF8(fileUrl(file))}</loc></sitemap>`);
  return [...files, { file: SITEMAP_FILES.index, xml: `${XML_DECLARATION}<sitemapindex xmlns="${NAMESPACE}">${listed.join('')}</sitemapindex>` }];
}

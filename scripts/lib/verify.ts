/** Checks on a built site in `dist/`: links and assets, valid HTML, the feed, the sitemap, page budgets. */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { load } from 'cheerio';
import { HtmlValidate } from 'html-validate';
import Parser from 'rss-parser';

/** One problem found in the built site. */
export interface SiteProblem {
  /** The file in `dist/`, relative to it. */
  file: string;
  message: string;
}

/** What a verification needs to know about the build. */
export interface VerifyOptions {
  /** The built site. */
  dist: string;
  /** The path the site is served under, e.g. `/` or `/sub/`. */
  base: string;
  /** The public origin, e.g. `https://example.org`. */
  site: string;
  /** The URL path (under `base`) of every article the sitemap must list, e.g. `/sub/articles/x/`. */
  articlePaths: readonly string[];
}

/**
 * Size budgets, in bytes. HTML (uncompressed) includes the article text. Only the search page loads
 * scripts (Pagefind's own bundle, loaded on demand from `pagefind/`, is not counted); an article page
 * has one inline script, the highlighter loader (which fetches `highlight.js` only when the page was
 * opened from a search result), and every other page none. An article page's HTML
 * without the article text, plus its CSS, gzip-compressed, stays under `articleOverheadGzip`.
 */
export const BUDGETS = {
  html: 150_000,
  searchScripts: 80_000,
  highlightLoader: 1_024,
  highlighter: 80_000,
  articleOverheadGzip: 12 * 1_024,
  css: 30_000,
} as const;

/** Every file under `dir`, relative, with `/` separators. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** The file a site-absolute URL path points to under `base`, or undefined when it is outside `base`. */
function fileFor(base: string, urlPath: string): string | undefined {
  if (!urlPath.startsWith(base)) return undefined;
  const path = decodeURIComponent(urlPath.slice(base.length));
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** Runs every check and returns all problems found. */
export async function verifySite(options: VerifyOptions): Promise<SiteProblem[]> {
  const files = await filesUnder(options.dist);
  const pages = files.filter((f) => f.endsWith('.html'));
  const problems: SiteProblem[] = [];
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: {
      // Astro writes void elements HTML-style (<meta …>) and boolean attributes bare; both are valid HTML.
      'void-style': 'off',
      'no-trailing-whitespace': 'off',
      // Page titles are "<headline> · <site name>": long Chinese headlines are normal.
      'long-title': 'off',
      // Chinese text uses full-width punctuation and its own quotes.
      'no-raw-characters': ['error', { relaxed: true }],
    },
  });
  const origin = new URL(options.site).origin;
  for (const file of pages) {
    const html = await readFile(join(options.dist, file), 'utf8');
    const pageUrl = new URL(file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file, `${origin}${options.base}`);
    problems.push(...linkProblems(file, html, pageUrl, options));
    const report = await validator.validateString(html, file);
    for (const result of report.results) {
      for (const message of result.messages) {
        problems.push({ file, message: `invalid HTML at line ${message.line}: ${message.message} (${message.ruleId})` });
      }
    }
    problems.push(...budgetProblems(file, html, options));
  }
  for (const file of files.filter((f) => f.endsWith('.css') && !f.startsWith('pagefind/'))) {
    const size = (await stat(join(options.dist, file))).size;
    if (size > BUDGETS.css) problems.push({ file, message: `stylesheet is ${size} bytes, over the ${BUDGETS.css}-byte budget` });
  }
  problems.push(...(await searchProblems(options, files)));
  problems.push(...(await feedProblems(options)));
  problems.push(...(await sitemapProblems(options)));
  return problems;
}

/** Internal links and assets of one page that do not resolve to a file, or leave the base path. */
function linkProblems(file: string, html: string, pageUrl: URL, options: VerifyOptions): SiteProblem[] {
  const $ = load(html);
  const ids = new Set($('[id]').map((_, el) => $(el).attr('id')).get());
  const refs = [
    ...$('a[href], link[href]').map((_, el) => $(el).attr('href')).get(),
    ...$('img[src], script[src], source[src], iframe[src]').map((_, el) => $(el).attr('src')).get(),
    ...$('img[srcset], source[srcset]').map((_, el) => ($(el).attr('srcset') ?? '').split(',').map((s) => s.trim().split(/\s+/)[0] ?? '')).get(),
  ].filter((ref) => ref.length > 0);
  const problems: SiteProblem[] = [];
  for (const ref of refs) {
    const url = new URL(ref, pageUrl);
    if (url.origin !== pageUrl.origin) continue;
    if (url.pathname === pageUrl.pathname && url.hash) {
      if (!ids.has(decodeURIComponent(url.hash.slice(1)))) problems.push({ file, message: `link to a missing anchor ${ref}` });
      continue;
    }
    const target = fileFor(options.base, url.pathname);
    if (target === undefined) problems.push({ file, message: `link outside the base path ${options.base}: ${ref}` });
    else if (!existsSync(join(options.dist, target))) problems.push({ file, message: `broken link: ${ref}` });
  }
  return problems;
}

/** The text of the build's file that `url` (site-absolute, under `base`) points to; empty if there is none. */
function builtFile(options: VerifyOptions, url: string): string {
  const target = fileFor(options.base, url);
  return target && existsSync(join(options.dist, target)) ? readFileSyncCached(join(options.dist, target)) : '';
}

/** Pages over their size budget, or with scripts they should not have. */
function budgetProblems(file: string, html: string, options: VerifyOptions): SiteProblem[] {
  const problems: SiteProblem[] = [];
  const size = Buffer.byteLength(html);
  if (size > BUDGETS.html) problems.push({ file, message: `page is ${size} bytes, over the ${BUDGETS.html}-byte budget` });
  const $ = load(html);
  const external = $('script[src]').map((_, el) => $(el).attr('src') ?? '').get();
  const inline = $('script:not([src])')
    .filter((_, el) => $(el).attr('type') !== 'application/ld+json')
    .map((_, el) => $(el).text())
    .get();
  const isArticle = /^articles\/[^/]+\/index\.html$/.test(file);
  if (file === 'search/index.html') {
    const scripts = external.reduce((sum, src) => sum + Buffer.byteLength(builtFile(options, src)), 0);
    if (scripts > BUDGETS.searchScripts) problems.push({ file, message: `page loads ${scripts} bytes of script, over the ${BUDGETS.searchScripts}-byte budget` });
  } else if (isArticle) {
    if (external.length > 0) problems.push({ file, message: `article page loads scripts (${external.join(', ')}); only the inline highlighter loader is allowed` });
    const loader = inline.join('');
    if (Buffer.byteLength(loader) > BUDGETS.highlightLoader) problems.push({ file, message: `inline script is ${Buffer.byteLength(loader)} bytes, over the ${BUDGETS.highlightLoader}-byte budget` });
    const css = $('link[rel=stylesheet]').map((_, el) => builtFile(options, $(el).attr('href') ?? '')).get();
    $('.bulletin__body').empty();
    const overhead = gzipSync($.html()).length + css.reduce((sum, text) => sum + gzipSync(text).length, 0);
    if (overhead > BUDGETS.articleOverheadGzip) {
      problems.push({ file, message: `HTML and CSS beyond the article text are ${overhead} bytes gzip-compressed, over the ${BUDGETS.articleOverheadGzip}-byte budget` });
    }
  } else if (external.length + inline.length > 0) {
    problems.push({ file, message: 'page ships JavaScript; only the search page and (on demand) article pages may' });
  }
  return problems;
}

/** The search page must name exactly the index shards the build has, and the highlighter stay in budget. */
async function searchProblems(options: VerifyOptions, files: readonly string[]): Promise<SiteProblem[]> {
  const problems: SiteProblem[] = [];
  const file = 'search/index.html';
  if (!files.includes(file)) return [{ file, message: 'no search page' }];
  const $ = load(await readFile(join(options.dist, file), 'utf8'));
  const named = (JSON.parse($('#search-form').attr('data-shards') ?? '[]') as string[]).sort();
  const built = [...new Set(files.filter((f) => f.startsWith('pagefind/')).map((f) => f.split('/')[1] ?? ''))].sort();
  if (named.join() !== built.join()) {
    problems.push({ file, message: `the page names the index shards [${named.join(', ')}], the build has [${built.join(', ')}]` });
  }
  const highlighter = files.includes('highlight.js') ? (await stat(join(options.dist, 'highlight.js'))).size : 0;
  if (highlighter === 0) problems.push({ file: 'highlight.js', message: 'missing: article pages opened from search load it' });
  if (highlighter > BUDGETS.highlighter) problems.push({ file: 'highlight.js', message: `${highlighter} bytes, over the ${BUDGETS.highlighter}-byte budget` });
  return problems;
}

const scriptCache = new Map<string, string>();
function readFileSyncCached(path: string): string {
  let text = scriptCache.get(path);
  if (text === undefined) {
    // Scripts are few and shared by many pages: read each once.
    text = readFileSync(path, 'utf8');
    scriptCache.set(path, text);
  }
  return text;
}

/** The feed must parse as RSS 2.0, with items whose links are absolute URLs of built pages. */
async function feedProblems(options: VerifyOptions): Promise<SiteProblem[]> {
  const file = 'rss.xml';
  const path = join(options.dist, file);
  if (!existsSync(path)) return [{ file, message: 'no feed was built' }];
  const xml = await readFile(path, 'utf8');
  if (!/<rss[^>]*\sversion="2\.0"/.test(xml)) return [{ file, message: 'expected an RSS 2.0 document (<rss version="2.0">)' }];
  try {
    const feed = await new Parser().parseString(xml);
    const problems: SiteProblem[] = [];
    if (!feed.title) problems.push({ file, message: 'the feed has no title' });
    const prefix = `${new URL(options.site).origin}${options.base}`;
    for (const item of feed.items) {
      if (!item.title || !item.link || !item.pubDate) problems.push({ file, message: `an item lacks title, link or date: ${item.link ?? item.title}` });
      else if (!item.link.startsWith(prefix)) problems.push({ file, message: `item link outside the site: ${item.link}` });
      else if (!existsSync(join(options.dist, fileFor(options.base, new URL(item.link).pathname) ?? ''))) {
        problems.push({ file, message: `item links to a page that was not built: ${item.link}` });
      }
    }
    return problems;
  } catch (error) {
    return [{ file, message: `the feed does not parse: ${(error as Error).message}` }];
  }
}

/** The sitemap must list every article exactly once, and only pages that exist. */
async function sitemapProblems(options: VerifyOptions): Promise<SiteProblem[]> {
  const index = join(options.dist, 'sitemap-index.xml');
  if (!existsSync(index)) return [{ file: 'sitemap-index.xml', message: 'no sitemap was built' }];
  const origin = new URL(options.site).origin;
  const locs = async (file: string) => [...(await readFile(file, 'utf8')).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? '');
  const listed: string[] = [];
  const problems: SiteProblem[] = [];
  for (const sitemap of await locs(index)) {
    const target = fileFor(options.base, new URL(sitemap).pathname);
    if (!target || !existsSync(join(options.dist, target))) {
      problems.push({ file: 'sitemap-index.xml', message: `lists a sitemap that was not built: ${sitemap}` });
      continue;
    }
    listed.push(...(await locs(join(options.dist, target))));
  }
  const counts = new Map<string, number>();
  for (const loc of listed) {
    counts.set(loc, (counts.get(loc) ?? 0) + 1);
    const target = new URL(loc).origin === origin ? fileFor(options.base, new URL(loc).pathname) : undefined;
    if (!target || !existsSync(join(options.dist, target))) problems.push({ file: 'sitemap', message: `lists a page that was not built: ${loc}` });
  }
  for (const path of options.articlePaths) {
    const n = counts.get(`${origin}${path}`) ?? 0;
    if (n !== 1) problems.push({ file: 'sitemap', message: `expected ${origin}${path} once, found it ${n} time(s)` });
  }
  return problems;
}

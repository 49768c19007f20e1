/** Builds the fixture archive (plus the seed and generated bulletins) and checks what a reader gets in dist/. */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifySite } from '../../scripts/lib/verify';
import { CHUNK_GZIP } from '../../src/integrations/search-chunks';
import { readFragment } from '../../src/integrations/search-fragments';
import { SYNCED_STORE_MESSAGE } from '../../src/integrations/synced-store';
import { HIGHLIGHT_LOADER } from '../../src/lib/highlight-loader';
import { extractSearchRecord } from '../../src/lib/search-record';
import { bulletinSeries } from '../helpers/articles';
import { buildSite, listFiles, makeArchive, page, runScript, type BuildResult } from '../helpers/build';
import { CONTENT, FIXTURE_ARCHIVE, ROOT, SEED_TEXT } from '../helpers/paths';

const SITE = 'https://archive.example.org';
const SEED_ID = '2021-03-05-e6e5bdee';
const MDX_ID = '2022-06-30-a1000006';
const GENERATED_COURT = '重庆市江北区人民法院';
const GENERATED = 41;

/** ASCII punctuation that "smart" typography would turn into curly quotes, dashes and an ellipsis. */
const AS_WRITTEN = `"As written" -- 'kept'...`;

/**
 * 41 small bulletins of one court, one a day from 1 January 2024, so that listings have an older page;
 * the first two (one Markdown, one MDX) end with {@link AS_WRITTEN}.
 */
function generatedArticles(): Record<string, string> {
  return bulletinSeries({
    count: GENERATED,
    start: '2024-01-01',
    court: GENERATED_COURT,
    prefix: 'g',
    body: (n) => `第${n}期通报正文。${n <= 2 ? ` ${AS_WRITTEN}` : ''}`,
    mdx: (n) => n === 2,
  });
}

const xml = new XMLParser({ ignoreAttributes: false });
const articleIds = [
  SEED_ID,
  '2021-03-09-a1000001',
  '2021-03-10-a1000002',
  '2021-08-20-a1000003',
  '2022-01-15-a1000004',
  '2022-03-01-a1000008',
  MDX_ID,
  '2023-04-06-a1000005',
];

describe.each([
  { name: 'at the site root', base: '/' },
  { name: 'under a sub-path', base: '/sub/' },
])('the built fixture archive $name', ({ base }) => {
  let build: BuildResult;
  let archive: string;
  let files: string[];
  let htmlFiles: string[];
  const prefix = `${SITE}${base}`;

  beforeAll(async () => {
    archive = await makeArchive([CONTENT, FIXTURE_ARCHIVE], generatedArticles());
    build = await buildSite(archive, { SITE, BASE: base });
    if (build.code !== 0) throw new Error(`build failed:\n${build.output}`);
    files = await listFiles(build.outDir);
    htmlFiles = files.filter((f) => f.endsWith('.html'));
  });

  it('renders the pages from the store its content sync handed over, not from a copy bundled into the build', () => {
    expect(build.output).toContain(SYNCED_STORE_MESSAGE);
  });

  it('logs a line for a rendered page only when it was slow or gave no file, or to show progress', () => {
    const plain = build.output.replace(/\x1b\[[\d;]*m/g, '');
    const pageLines = plain.split('\n').filter((line) => line.includes('├─ /'));
    // Each on a line of its own, with its time (patches/astro+7.3.5.patch; Astro 7.3.5 logs every page).
    for (const line of pageLines) expect(line).toMatch(/├─ \/\S+ \(\+\d/);
    expect(pageLines.length).toBeLessThan(htmlFiles.length / 2);
  });

  it('writes every kind of page', () => {
    const expected = [
      'index.html',
      'page/1/index.html',
      '404.html',
      ...articleIds.map((id) => `articles/${id}/index.html`),
      'archive/index.html',
      'archive/2021/index.html',
      'archive/2021/03/index.html',
      'archive/2024/page/1/index.html',
      'courts/index.html',
      `courts/${GENERATED_COURT}/page/1/index.html`,
      'courts/最高人民法院/index.html',
      'tasks/index.html',
      'tasks/black-sheep/index.html',
      'tasks/chronic-problems/page/1/index.html',
      'stages/index.html',
      'stages/review/index.html',
      'people/index.html',
      'people/戴军/index.html',
      'people/李永利/index.html',
      'people/阳东辰/index.html',
      'campaign/index.html',
      'search/index.html',
      'pagefind/2024/pagefind.js',
      'rss.xml',
      'sitemap-index.xml',
      'robots.txt',
      'favicon.svg',
    ];
    expect(files).toEqual(expect.arrayContaining(expected));
  });

  it('keeps the punctuation of a bulletin as written, in Markdown and MDX alike', async () => {
    for (const id of ['2024-01-01-g01', '2024-01-02-g02']) {
      const $ = await page(build.outDir, `articles/${id}/index.html`);
      expect($('[data-search-body]').text(), id).toContain(AS_WRITTEN);
    }
  });

  it('leaves drafts out of every page, the feed and the sitemap', async () => {
    expect(files.some((f) => f.includes('2023-05-01-a1000007'))).toBe(false);
    const all = await Promise.all(
      [...htmlFiles, 'rss.xml', 'sitemap-0.xml'].map((f) => readFile(join(build.outDir, f), 'utf8')),
    );
    expect(all.some((text) => text.includes('草稿'))).toBe(false);
  });

  it('declares Chinese on every page and ships JavaScript only for search', async () => {
    for (const file of htmlFiles) {
      const $ = await page(build.outDir, file);
      expect($('html').attr('lang'), file).toBe('zh-CN');
      const scripts = $('script:not([type="application/ld+json"])');
      if (file === 'search/index.html') {
        expect(scripts.length, file).toBe(1);
        expect(scripts.attr('type'), file).toBe('module');
        expect(scripts.attr('src'), file).toMatch(new RegExp(`^${base}_astro/`));
      } else if (file.startsWith('articles/')) {
        // Only the inline loader, which fetches the highlighter when the page was opened from a search result.
        expect(scripts.length, file).toBe(1);
        expect(scripts.attr('src'), file).toBeUndefined();
        expect(scripts.text(), file).toBe(HIGHLIGHT_LOADER);
        expect(scripts.attr('data-src'), file).toBe(`${base}highlight.js`);
      } else {
        expect(scripts.length, file).toBe(0);
      }
    }
    const highlighter = await readFile(join(build.outDir, 'highlight.js'), 'utf8');
    expect(highlighter).not.toMatch(/^\s*import\b/m);
    expect(highlighter).toContain('search-hit');
  });

  it('passes npm run verify: links and assets under the base path, valid HTML, feed, sitemap, budgets', async () => {
    const problems = await verifySite({
      dist: build.outDir,
      base,
      site: SITE,
      articlePaths: [...articleIds, '2024-01-01-g01'].map((id) => `${base}articles/${id}/`),
    });
    expect(problems).toEqual([]);
  });

  it('passes the npm run verify command itself, which follows CONTENT_DIR, BASE and SITE', async () => {
    const run = await runScript('scripts/verify.ts', ['--dist', build.outDir], { CONTENT_DIR: archive, BASE: base, SITE });
    expect(run.output).toContain('verified');
    expect(run.output).toContain(`(${articleIds.length + GENERATED} articles`);
    expect(run.code).toBe(0);
  });

  it('fails npm run verify on a broken link, an invalid page and a missing sitemap entry', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'archive-broken-'));
    await cp(build.outDir, broken, { recursive: true });
    const about = join(broken, 'campaign/index.html');
    await writeFile(
      about,
      (await readFile(about, 'utf8'))
        .replace('</main>', `<a href="${base}no-such-page/">坏链接</a><p id="main">重复的 id</p></main>`),
    );
    const problems = await verifySite({
      dist: broken,
      base,
      site: SITE,
      articlePaths: [`${base}articles/${SEED_ID}/`, `${base}articles/not-built/`],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'campaign/index.html', message: `broken link: ${base}no-such-page/` },
        { file: 'campaign/index.html', message: expect.stringMatching(/invalid HTML .*Duplicate ID "main"/) },
        { file: 'sitemap', message: `expected ${prefix}articles/not-built/ once, found it 0 time(s)` },
      ]),
    );
  });

  it('shows every ground-truth field of the seed bulletin', async () => {
    const $ = await page(build.outDir, `articles/${SEED_ID}/index.html`);
    const facts = $('.facts').text().replace(/\s+/g, '');
    for (const text of [
      '2021年3月5日',
      '重庆市高级人民法院',
      '院党组副书记戴军',
      '受党组书记、院长李永利委托',
      '党组成员、政治部主任阳东辰',
      '全市法院队伍教育整顿动员部署会议（视频会议）',
      '筑牢政治忠诚清除害群之马整治顽瘴痼疾弘扬英模精神',
      '学习教育查纠整改总结提升',
    ]) {
      expect(facts).toContain(text);
    }
    expect($('h1').text()).toBe('重庆市法院队伍教育整顿动员部署会议召开');
    expect($('.bulletin__footer').text()).toContain('原标题：重庆市法院队伍教育整顿动员部署会议召开');
    expect($('.facts a').map((_, a) => $(a).attr('href')).get()).toEqual(
      expect.arrayContaining([`${base}tasks/black-sheep/`, `${base}stages/review/`, `${base}people/${encodeURIComponent('李永利')}/`]),
    );
  });

  it('keeps every paragraph of the seed text, in order', async () => {
    const raw = (await readFile(SEED_TEXT, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
    const body = raw.slice(2, raw.indexOf('原标题:'));
    const $ = await page(build.outDir, `articles/${SEED_ID}/index.html`);
    expect($('.bulletin__body p').map((_, p) => $(p).text()).get()).toEqual(body);
  });

  it('gives an article breadcrumb, neighbours in time, related bulletins and metadata', async () => {
    const $ = await page(build.outDir, `articles/2021-03-09-a1000001/index.html`);
    expect($('.breadcrumb li').map((_, li) => $(li).text().trim()).get()).toEqual([
      '首页',
      '2021年',
      '市一中院召开队伍教育整顿学习教育环节推进会',
    ]);
    expect($('.breadcrumb a').eq(1).attr('href')).toBe(`${base}archive/2021/`);
    expect($('a[rel=prev]').attr('href')).toBe(`${base}articles/${SEED_ID}/`);
    expect($('a[rel=next]').attr('href')).toBe(`${base}articles/2021-03-10-a1000002/`);
    const related = $('.related .article-list li');
    expect(related.length).toBeGreaterThan(0);
    expect(related.length).toBeLessThanOrEqual(5);
    expect($('link[rel=canonical]').attr('href')).toBe(`${prefix}articles/2021-03-09-a1000001/`);
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
    expect($('meta[property="og:url"]').attr('content')).toBe(`${prefix}articles/2021-03-09-a1000001/`);
    const jsonLd = JSON.parse($('script[type="application/ld+json"]').text());
    expect(jsonLd).toMatchObject({
      '@type': 'NewsArticle',
      headline: '市一中院召开队伍教育整顿学习教育环节推进会',
      datePublished: '2021-03-09T00:00:00+08:00',
      url: `${prefix}articles/2021-03-09-a1000001/`,
    });
  });

  it('renders the MDX bulletin with its photo through the image pipeline', async () => {
    const $ = await page(build.outDir, `articles/${MDX_ID}/index.html`);
    const img = $('figure.photo img');
    expect(img.attr('alt')).toBe('报告会现场，干警代表在台上发言');
    expect(img.attr('loading')).toBe('lazy');
    expect(Number(img.attr('width'))).toBeGreaterThan(0);
    expect(Number(img.attr('height'))).toBeGreaterThan(0);
    expect(img.attr('src')).toMatch(new RegExp(`^${base}_astro/.+\\.webp$`));
    expect($('figure.photo figcaption').text()).toBe('英模事迹报告会现场');
  });

  it('lists the newest bulletins on the home page, and older ones on pages of 20 numbered from the oldest', async () => {
    const front = await page(build.outDir, 'index.html');
    const oldest = await page(build.outDir, 'page/1/index.html');
    const frontItems = front('.article-list > li');
    // 49 bulletins: the oldest 20 on page 1, the other 29 on the front page.
    expect(frontItems.length).toBe(articleIds.length + GENERATED - 20);
    expect(frontItems.first().find('h2 a').attr('href')).toBe(`${base}articles/2024-02-10-g41/`);
    expect(front('.article-list time').first().text()).toBe('2024年2月10日');
    expect(oldest('.article-list > li').length).toBe(20);
    expect(oldest('.article-list > li').last().find('h2 a').attr('href')).toBe(`${base}articles/${SEED_ID}/`);
    expect(oldest('h1').text()).toBe('全部通报（第 1 页）');
    expect(front('a[rel=next]').attr('href')).toBe(`${base}page/1/`);
    expect(front('a[rel=prev]')).toHaveLength(0);
    expect(oldest('a[rel=prev]').attr('href')).toBe(base);
    expect(oldest('a[rel=next]')).toHaveLength(0);
    expect(front('.pagination__status').text()).toBe('最新一页，另有较早的 1 页');
    expect(oldest('.pagination__status').text().trim()).toBe('第 1 页，自最早的一页数起：2021年3月5日至2024年1月12日');
    expect(oldest('.pagination [aria-current=page]').text()).toBe('1');
    expect(oldest('.pagination a[aria-label=最新一页]').attr('href')).toBe(base);
    expect(existsSync(join(build.outDir, 'page/2/index.html'))).toBe(false);

    // A listing's count and a year's months are on its front page only, so that older pages never change.
    const court = await page(build.outDir, `courts/${GENERATED_COURT}/index.html`);
    const courtOlder = await page(build.outDir, `courts/${GENERATED_COURT}/page/1/index.html`);
    expect(court('.count').text()).toBe(`共 ${GENERATED} 篇`);
    expect(courtOlder('.count')).toHaveLength(0);
    expect(courtOlder('.article-list > li').first().find('h2 a').attr('href')).toBe(`${base}articles/2024-01-20-g20/`);
    const year = await page(build.outDir, 'archive/2024/index.html');
    const yearOlder = await page(build.outDir, 'archive/2024/page/1/index.html');
    expect(year('.month-list li')).toHaveLength(2);
    expect(yearOlder('.month-list')).toHaveLength(0);
  });

  it('gives index pages with counts for courts, tasks, stages, people and years', async () => {
    const courts = await page(build.outDir, 'courts/index.html');
    const courtCounts = Object.fromEntries(
      courts('.term-list li').map((_, li) => [[courts(li).find('a').text(), courts(li).find('.term-list__count').text()]]).get(),
    );
    expect(courtCounts).toMatchObject({ [GENERATED_COURT]: `共 ${GENERATED} 篇`, 重庆市高级人民法院: '共 2 篇', 重庆市渝中区人民法院: '共 2 篇' });

    const person = await page(build.outDir, 'people/陈立新/index.html');
    expect(person('h1').text()).toBe('陈立新');
    expect(person('.article-list > li').length).toBe(3);

    const people = await page(build.outDir, 'people/index.html');
    expect(people('.term-list li').filter((_, li) => people(li).find('a').text() === '林书华').text()).toContain('主持 2 次');

    const task = await page(build.outDir, 'tasks/black-sheep/index.html');
    expect(task('.count').text()).toBe('共 4 篇');
    expect(task('.article-list h2 a').map((_, a) => task(a).attr('href')).get()).toEqual([
      `${base}articles/2022-03-01-a1000008/`,
      `${base}articles/2021-08-20-a1000003/`,
      `${base}articles/2021-03-10-a1000002/`,
      `${base}articles/${SEED_ID}/`,
    ]);

    const archive = await page(build.outDir, 'archive/index.html');
    expect(archive('section.year h2 a').map((_, a) => archive(a).text()).get()).toEqual(['2024年', '2023年', '2022年', '2021年']);
    const month = await page(build.outDir, 'archive/2021/03/index.html');
    expect(month('.article-list > li').length).toBe(3);
  });

  it('explains the campaign with counts and draws the monthly chart without script', async () => {
    const $ = await page(build.outDir, 'campaign/index.html');
    expect($('#tasks-heading + .term-list li').length).toBe(4);
    expect($('#stages-heading + .term-list li').length).toBe(3);
    expect($('#tasks-heading + .term-list li').first().text()).toContain('共 3 篇');
    expect($('#tasks-heading + .term-list li').eq(1).text()).toContain('共 4 篇');
    const svg = $('figure.chart svg');
    expect(svg.attr('role')).toBe('img');
    // March 2021 to February 2024 is 36 months, one bar each.
    expect(svg.find('rect').length).toBe(36);
  });

  it('publishes an RSS 2.0 feed with full text and absolute links under the base', async () => {
    const feed = xml.parse(await readFile(join(build.outDir, 'rss.xml'), 'utf8'));
    expect(feed.rss['@_version']).toBe('2.0');
    const items = feed.rss.channel.item as { link: string; pubDate: string; 'content:encoded': string; title: string }[];
    expect(items.length).toBe(articleIds.length + GENERATED);
    expect(items.every((item) => item.link.startsWith(`${prefix}articles/`))).toBe(true);
    const seed = items.find((item) => item.link === `${prefix}articles/${SEED_ID}/`);
    expect(seed?.pubDate).toBe('Fri, 05 Mar 2021 12:00:00 GMT');
    expect(seed?.['content:encoded']).toContain('会议通过视频方式召开');
    const mdx = items.find((item) => item.link === `${prefix}articles/${MDX_ID}/`);
    expect(mdx?.['content:encoded']).toContain(`src="${SITE}${base}_astro/`);
  });

  it('lists every article exactly once in the sitemap, and points robots.txt at it', async () => {
    const index = xml.parse(await readFile(join(build.outDir, 'sitemap-index.xml'), 'utf8'));
    expect(index.sitemapindex.sitemap.loc).toBe(`${prefix}sitemap-0.xml`);
    const sitemap = xml.parse(await readFile(join(build.outDir, 'sitemap-0.xml'), 'utf8'));
    const locs = (sitemap.urlset.url as { loc: string }[]).map((u) => u.loc);
    expect(locs.every((loc) => loc.startsWith(prefix))).toBe(true);
    for (const id of [...articleIds, '2024-01-01-g01']) {
      expect(locs.filter((loc) => loc === `${prefix}articles/${id}/`), id).toHaveLength(1);
    }
    expect(locs.some((loc) => loc.includes('404'))).toBe(false);
    // Every page of the build once, and nothing else: each HTML file but the error page, by its URL.
    const pages = htmlFiles.filter((file) => file !== '404.html').map((file) => `${prefix}${encodeURI(file.replace(/index\.html$/, ''))}`);
    expect([...locs].sort()).toEqual(pages.sort());
    const robots = await readFile(join(build.outDir, 'robots.txt'), 'utf8');
    expect(robots).toContain(`Sitemap: ${prefix}sitemap-index.xml`);
  });

  it('indexes the article pages, and only them, one shard a year, newest first, in dist/pagefind', async () => {
    const $search = await page(build.outDir, 'search/index.html');
    const shards = JSON.parse($search('#search-form').attr('data-shards') ?? '[]') as string[];
    expect(shards).toEqual(['2024', '2023', '2022', '2021']);
    const counts: Record<string, number> = {};
    for (const shard of shards) {
      const entry = JSON.parse(await readFile(join(build.outDir, `pagefind/${shard}/pagefind-entry.json`), 'utf8'));
      expect(Object.keys(entry.languages)).toEqual([`und-x-${shard}`]);
      counts[shard] = entry.languages[`und-x-${shard}`].page_count;
    }
    const perYear = (year: string) => articleIds.filter((id) => id.startsWith(year)).length;
    expect(counts).toEqual({ '2024': GENERATED, '2023': perYear('2023'), '2022': perYear('2022'), '2021': perYear('2021') });
    expect(files.some((f) => /^pagefind\/[^/]+\/pagefind-(?:ui|component-ui|modular-ui|highlight)\./.test(f))).toBe(false);
    expect(existsSync(join(ROOT, 'public/pagefind'))).toBe(false);
    const $ = await page(build.outDir, 'index.html');
    expect($('form[role=search]').attr('action')).toBe(`${base}search/`);
    expect($('form[role=search] input[name=q]').length).toBe(1);
  });

  it('gives each result’s fragment what the result shows, its facts and visible text, in place of its index words', async () => {
    const fragments = files.filter((f) => /^pagefind\/[^/]+\/fragment\//.test(f));
    expect(fragments.length).toBe(files.filter((f) => /^articles\/[^/]+\/index\.html$/.test(f)).length);
    let seed: Record<string, string> | undefined;
    for (const fragment of fragments) {
      const data = readFragment(join(build.outDir, fragment));
      const record = extractSearchRecord(await readFile(join(build.outDir, data.url.slice(1), 'index.html'), 'utf8'));
      expect(data.meta, data.url).toEqual({ ...record?.meta, text: record?.text });
      expect(data.content, data.url).toBe('');
      if (data.url === `/articles/${SEED_ID}/`) seed = data.meta;
    }
    expect(seed).toMatchObject({ date: '2021-03-05', court: '重庆市高级人民法院' });
  });

  it('writes the index chunks itself, each compressed by the site at its level, not at the highest level Pagefind uses', async () => {
    const chunks = files.filter((f) => /^pagefind\/[^/]+\/index\/[^/]+\.pf_index$/.test(f));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      const bytes = await readFile(join(build.outDir, chunk));
      expect(gzipSync(gunzipSync(bytes), CHUNK_GZIP).equals(bytes), chunk).toBe(true);
    }
  });

  it('gives the indexer the visible text and the facts of a bulletin, read back from its page', async () => {
    const record = extractSearchRecord(await readFile(join(build.outDir, `articles/${SEED_ID}/index.html`), 'utf8'));
    expect(record?.meta).toMatchObject({ date: '2021-03-05', court: '重庆市高级人民法院' });
    expect(record?.text.split('\n')[0]).toBe(record?.meta['title']);
    expect(record?.text).toContain('戴军');
    // The facts box and the footer (original title, source) are left out.
    expect(record?.text).not.toContain('原标题');
    expect(record?.filters).toMatchObject({ court: ['重庆市高级人民法院'], year: ['2021'], person: expect.arrayContaining(['戴军']) });
  });

  it('gives a 404 page that is not indexed', async () => {
    const $ = await page(build.outDir, '404.html');
    expect($('meta[name=robots]').attr('content')).toBe('noindex');
    expect($('main a').first().attr('href')).toBe(base);
  });
});

describe('npm run check on broken content', () => {
  it('lists every problem of the broken fixture archive and exits non-zero', async () => {
    const run = await runScript('scripts/check-content.ts', [], { CONTENT_DIR: join(ROOT, 'tests/fixtures/broken') });
    expect(run.code).toBe(1);
    expect(run.output).toContain('6 problem(s)');
    for (const text of ['tasks[0]', '(id)', '<script> at line 14', 'event-handler', 'not used twice', 'not after today']) {
      expect(run.output).toContain(text);
    }
  });
});

describe('a build of bad content', () => {
  it('fails, naming the file and the field of a misspelled task', async () => {
    const archive = await makeArchive([FIXTURE_ARCHIVE]);
    const file = join(archive, '2021/03/2021-03-10-a1000002.md');
    await import('node:fs/promises').then(async ({ writeFile }) =>
      writeFile(file, (await readFile(file, 'utf8')).replace('tasks: [清除害群之马,', 'tasks: [清楚害群之马,')),
    );
    const build = await buildSite(archive);
    expect(build.code).not.toBe(0);
    expect(build.output).toContain('2021-03-10-a1000002.md: tasks[0]: expected a canonical task');
    expect(build.output).toContain('清楚害群之马');
  });
});

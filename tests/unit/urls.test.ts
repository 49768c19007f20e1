import { describe, expect, it } from 'vitest';
import { FRONT_PAGE } from '../../src/lib/archive';
import { absoluteUrl, articleIdFromPagePath, createUrls, monthSegment, pageSegment } from '../../src/lib/urls';

describe('URL builders', () => {
  it('builds every page URL at the root', () => {
    const urls = createUrls('/');
    expect(urls.home()).toBe('/');
    expect(urls.home(FRONT_PAGE)).toBe('/');
    expect(urls.home(1)).toBe('/page/1/');
    expect(urls.home(2)).toBe('/page/2/');
    expect(urls.article('2021-03-05-e6e5bdee')).toBe('/articles/2021-03-05-e6e5bdee/');
    expect(urls.archive()).toBe('/archive/');
    expect(urls.year(2021)).toBe('/archive/2021/');
    expect(urls.month(2021, 3)).toBe('/archive/2021/03/');
    expect(urls.month(2021, 11, 3)).toBe('/archive/2021/11/page/3/');
    expect(urls.task('清除害群之马')).toBe('/tasks/black-sheep/');
    expect(urls.stage('总结提升', 2)).toBe('/stages/review/page/2/');
    expect(urls.campaign()).toBe('/campaign/');
    expect(urls.feed()).toBe('/rss.xml');
    expect(urls.sitemap()).toBe('/sitemap-index.xml');
  });

  it('percent-encodes Chinese names in court and person URLs', () => {
    const urls = createUrls('/');
    expect(urls.court('重庆市高级人民法院')).toBe(`/courts/${encodeURIComponent('重庆市高级人民法院')}/`);
    expect(decodeURIComponent(urls.person('戴军', 2))).toBe('/people/戴军/page/2/');
    expect(urls.person('A/B')).toBe('/people/A%2FB/');
    // Built once per name and remembered: the same again, and each page of it.
    expect(urls.court('重庆市高级人民法院', 3)).toBe(`/courts/${encodeURIComponent('重庆市高级人民法院')}/page/3/`);
    expect(urls.person('戴军')).toBe(`/people/${encodeURIComponent('戴军')}/`);
    // Each set of builders remembers its own base's URLs.
    expect(createUrls('/sub/').court('重庆市高级人民法院')).toBe(`/sub/courts/${encodeURIComponent('重庆市高级人民法院')}/`);
  });

  it('prefixes every URL with a sub-path base, with or without its trailing slash', () => {
    for (const base of ['/sub/', '/sub']) {
      const urls = createUrls(base);
      expect(urls.home()).toBe('/sub/');
      expect(urls.article('x')).toBe('/sub/articles/x/');
      expect(urls.feed()).toBe('/sub/rss.xml');
      expect(urls.asset('favicon.svg')).toBe('/sub/favicon.svg');
    }
  });

  it('gives page and month segments, and tells article pages by their path', () => {
    // The front page has none; older pages are numbered from the oldest, page 1 included.
    expect(pageSegment(FRONT_PAGE)).toBeUndefined();
    expect(pageSegment(1)).toBe('page/1');
    expect(pageSegment(3)).toBe('page/3');
    expect(monthSegment(3)).toBe('03');
    expect(articleIdFromPagePath('articles/2021-03-05-e6e5bdee/')).toBe('2021-03-05-e6e5bdee');
    expect(articleIdFromPagePath('/articles/x')).toBe('x');
    expect(articleIdFromPagePath('articles/')).toBeUndefined();
    expect(articleIdFromPagePath('courts/x/')).toBeUndefined();
  });

  it('makes absolute URLs on the site', () => {
    expect(absoluteUrl('https://archive.example.org', '/sub/articles/x/')).toBe('https://archive.example.org/sub/articles/x/');
  });
});

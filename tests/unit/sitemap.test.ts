/** The sitemap's files (src/lib/sitemap.ts): every URL once, escaped, in order, split at the protocol's limit. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { isErrorPage, sitemapFiles, SITEMAP_LIMIT } from '../../src/lib/sitemap';

const xml = new XMLParser({ isArray: (name) => name === 'url' || name === 'sitemap' });
const fileUrl = (file: string) => `https://example.org/base/${file}`;
const locs = (text: string) => (xml.parse(text).urlset.url ?? []).map((url: { loc: string }) => url.loc);

describe('the sitemap', () => {
  const urls = [
    'https://example.org/base/page/10/',
    'https://example.org/base/people/%E7%8E%8B%E4%BA%94/',
    'https://example.org/base/page/9/',
    'https://example.org/base/',
    'https://example.org/base/page/100/',
    'https://example.org/base/archive/2021/03/',
    'https://example.org/base/page/9/',
  ];

  it('lists every URL once, in a fixed order with numbers by value, and indexes its file', () => {
    const files = sitemapFiles(urls, fileUrl);
    expect(files.map((f) => f.file)).toEqual(['sitemap-0.xml', 'sitemap-index.xml']);
    expect(files[0]?.xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    expect(locs(files[0]?.xml ?? '')).toEqual([
      'https://example.org/base/',
      'https://example.org/base/archive/2021/03/',
      'https://example.org/base/page/9/',
      'https://example.org/base/page/10/',
      'https://example.org/base/page/100/',
      'https://example.org/base/people/%E7%8E%8B%E4%BA%94/',
    ]);
    expect(xml.parse(files[1]?.xml ?? '').sitemapindex.sitemap).toEqual([{ loc: 'https://example.org/base/sitemap-0.xml' }]);
  });

  it('escapes what XML does not take as it is', () => {
    const [part] = sitemapFiles(["https://example.org/?a=1&b='2'<"], fileUrl);
    expect(part?.xml).toContain('<loc>https://example.org/?a=1&amp;b=&apos;2&apos;&lt;</loc>');
  });

  it('splits at the limit, into files the index names in order', () => {
    const many = Array.from({ length: 7 }, (_, i) => `https://example.org/base/articles/${i}/`);
    const files = sitemapFiles(many, fileUrl, 3);
    expect(files.map((f) => f.file)).toEqual(['sitemap-0.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-index.xml']);
    expect(files.slice(0, 3).map((f) => locs(f.xml).length)).toEqual([3, 3, 1]);
    expect(files.slice(0, 3).flatMap((f) => locs(f.xml))).toEqual(many);
    expect(xml.parse(files[3]?.xml ?? '').sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([0, 1, 2].map((n) => fileUrl(`sitemap-${n}.xml`)));
    expect(SITEMAP_LIMIT).toBe(50_000);
  });

  it('leaves out the error pages, not the pages of a listing numbered so', () => {
    expect(['404/', '404', '500/', '500'].map(isErrorPage)).toEqual([true, true, true, true]);
    expect(['page/404/', 'courts/404/', '4040/', '', 'articles/2021-03-05-e6e5bdee/'].map(isErrorPage)).toEqual([false, false, false, false, false]);
  });

  it('has one empty file for a site without pages, and refuses a limit that is no count', () => {
    const files = sitemapFiles([], fileUrl);
    expect(files.map((f) => f.file)).toEqual(['sitemap-0.xml', 'sitemap-index.xml']);
    expect(locs(files[0]?.xml ?? '')).toEqual([]);
    expect(() => sitemapFiles(urls, fileUrl, 0)).toThrow(/positive whole number/);
  });
});

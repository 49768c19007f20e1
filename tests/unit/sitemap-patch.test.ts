/**
 * patches/@astrojs+sitemap+3.7.4.patch sorts the sitemap's URLs with one collator instead of
 * `localeCompare` with options, which makes a collator per comparison (0.4 s of every build at 10,000
 * bulletins, seconds at 100,000): the order must stay exactly the sitemap's, and the patch applied.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
// Not among the package's exports: imported by path, as the patch is.
import { generateSitemap } from '../../node_modules/@astrojs/sitemap/dist/generate-sitemap.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the sitemap patch', () => {
  const urls = [
    'https://example.org/page/10/',
    'https://example.org/people/王五/',
    'https://example.org/page/9/',
    'https://example.org/',
    'https://example.org/people/Zhang/',
    'https://example.org/people/李四/',
    'https://example.org/archive/2021/03/',
    'https://example.org/page/100/',
    'https://example.org/people/zhang/',
    'https://example.org/archive/2021/10/',
  ];

  it('orders the URLs as the sitemap did, numbers by value', () => {
    const expected = [...urls].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const sorted = generateSitemap(urls, 'https://example.org/').map((item: { url: string }) => item.url);
    expect(sorted).toEqual(expected);
    expect(sorted.filter((url: string) => url.includes('/page/'))).toEqual([
      'https://example.org/page/9/',
      'https://example.org/page/10/',
      'https://example.org/page/100/',
    ]);
  });

  it('is applied: no comparison makes a collator of its own', () => {
    const localeCompare = vi.spyOn(String.prototype, 'localeCompare');
    generateSitemap(urls, 'https://example.org/');
    expect(localeCompare).not.toHaveBeenCalled();
  });
});

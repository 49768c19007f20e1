import { describe, expect, it } from 'vitest';
import { staleFiles } from '../../src/lib/stale-output';

describe('staleFiles', () => {
  const since = 1_000_000;
  const files = [
    { path: 'index.html', mtimeMs: since - 50_000 },
    { path: 'articles/kept/index.html', mtimeMs: since - 50_000 },
    { path: 'articles/removed/index.html', mtimeMs: since - 50_000 },
    { path: '_astro/old.css', mtimeMs: since - 50_000 },
    { path: '_astro/new.css', mtimeMs: since + 10 },
    { path: 'sitemap-0.xml', mtimeMs: since },
    { path: 'pagefind/2021/pagefind-entry.json', mtimeMs: since - 90_000 },
  ];

  it('keeps what this build made or wrote, and what other steps manage', () => {
    const built = new Set(['index.html', 'articles/kept/index.html']);
    expect(staleFiles(files, built, since, ['pagefind/'])).toEqual(['articles/removed/index.html', '_astro/old.css']);
  });

  it('removes a managed folder too when nothing manages it', () => {
    const built = new Set(['index.html', 'articles/kept/index.html']);
    expect(staleFiles(files, built, since)).toContain('pagefind/2021/pagefind-entry.json');
  });
});

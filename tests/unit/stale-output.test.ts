import { describe, expect, it } from 'vitest';
import { staleFiles } from '../../src/lib/stale-output';

describe('staleFiles', () => {
  const since = 1_000_000;
  const files = [
    { path: 'index.html', changedMs: since - 50_000 },
    { path: 'articles/kept/index.html', changedMs: since - 50_000 },
    { path: 'articles/removed/index.html', changedMs: since - 50_000 },
    { path: '_astro/old.css', changedMs: since - 50_000 },
    { path: '_astro/new.css', changedMs: since + 10 },
    { path: 'sitemap-0.xml', changedMs: since },
    { path: 'pagefind/2021/pagefind-entry.json', changedMs: since - 90_000 },
  ];

  it('keeps what this build made or wrote, and what other steps manage', () => {
    const built = new Set(['index.html', 'articles/kept/index.html']);
    expect(staleFiles(files, built, since, ['pagefind/'])).toEqual(['articles/removed/index.html', '_astro/old.css']);
  });

  it('keeps a file named as kept, and a kept folder, but nothing else by the same start', () => {
    const git = [{ path: '.git', changedMs: 0 }, { path: '.github/x', changedMs: 0 }, { path: '.git/HEAD', changedMs: 0 }];
    expect(staleFiles(git, new Set(), since, ['.git', '.git/'])).toEqual(['.github/x']);
  });

  it('removes a managed folder too when nothing manages it', () => {
    const built = new Set(['index.html', 'articles/kept/index.html']);
    expect(staleFiles(files, built, since)).toContain('pagefind/2021/pagefind-entry.json');
  });
});

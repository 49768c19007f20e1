import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_LOADER } from '../../src/lib/highlight-loader';
import { SECURITY_HEADERS } from '../../src/lib/security';
import { ROOT } from '../helpers/paths';

describe('deployment headers', () => {
  it('public/_headers sends every security header, as src/lib/security.ts defines it, for every path', async () => {
    const text = await readFile(`${ROOT}public/_headers`, 'utf8');
    const all = text.split(/\n(?=\/)/).find((block) => block.startsWith('/*\n')) ?? '';
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(all).toContain(`  ${name}: ${value}\n`);
    expect(text).toMatch(/\/_astro\/\*\n {2}Cache-Control: public, max-age=31536000, immutable/);
    expect(text).toMatch(/\/pagefind\/:shard\/fragment\/\*\n {2}Cache-Control: public, max-age=31536000, immutable/);
  });

  it('the nginx example sends the same headers, and short caching for pages', async () => {
    const text = await readFile(`${ROOT}deploy/nginx.conf`, 'utf8');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(text).toContain(`add_header ${name} "${value}" always;`);
    expect(text).toContain('add_header Cache-Control "public, max-age=0, must-revalidate" always;');
  });

  it('allows nothing from elsewhere and inline only the highlighter loader, by hash, and lets Pagefind compile WebAssembly', () => {
    const csp = SECURITY_HEADERS['Content-Security-Policy'] ?? '';
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/'unsafe-eval'/);
    const digest = createHash('sha256').update(HIGHLIGHT_LOADER).digest('base64');
    expect(csp).toContain(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${digest}';`);
    expect(csp.match(/'sha256-/g)).toHaveLength(1);
    expect(csp).not.toMatch(/https?:/);
  });
});

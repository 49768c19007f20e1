/**
 * Astro's prerenderer, wrapped by the search index integration (`handingOver` in
 * src/integrations/search-index.ts): each article page's HTML is handed to the index process as it is
 * rendered, and every page gives the event loop a turn, without which the pages sent would wait in
 * Astro's process until the pages were done (Astro writes them synchronously, patches/astro+7.3.5.patch).
 */
import type { AstroPrerenderer } from 'astro';
import { describe, expect, it } from 'vitest';
import { handingOver } from '../../src/integrations/search-index';
import { responseWithBytes } from '../helpers/rendered-bytes';

/** A prerenderer that renders at once, as Astro's does when nothing waits on input or output. */
const instant = {
  name: 'instant',
  render: async (request: Request) => new Response(`<html><body>${new URL(request.url).pathname}</body></html>`, { status: 200 }),
} as unknown as AstroPrerenderer;

const PAGES = ['/base/articles/a/', '/base/courts/x/', '/base/articles/b/', '/base/people/y/2/', '/base/articles/c/'];

describe('the prerenderer handing pages to the search index', () => {
  it('hands over the article pages with the very bytes it returns, and nothing else', async () => {
    const handed: [string, string][] = [];
    const wrapped = handingOver(instant, '/base/', { page: (path, html) => handed.push([path, new TextDecoder().decode(html)]) });
    const bodies: string[] = [];
    for (const url of PAGES) {
      const rendered = await wrapped.render(new Request(`http://localhost${url}`), {} as never);
      bodies.push(await (rendered instanceof Response ? rendered : rendered.response).text());
    }
    expect(handed.map(([path]) => path)).toEqual(['articles/a/', 'articles/b/', 'articles/c/']);
    for (const [path, html] of handed) {
      expect(bodies).toContain(html);
      expect(html).toContain(path);
    }
    expect(bodies).toEqual(PAGES.map((url) => `<html><body>${url}</body></html>`));
  });

  it('hands over the bytes Astro gives with a page, and gives the page back unread (patches/astro+7.3.5.patch)', async () => {
    const { response, bytes } = responseWithBytes('<html><body>人民法院</body></html>');
    const astro = { name: 'with bytes', render: async () => response } as unknown as AstroPrerenderer;
    const handed: Uint8Array[] = [];
    const rendered = await handingOver(astro, '/base/', { page: (_path, html) => handed.push(html) }).render(new Request('http://localhost/base/articles/a/'), {} as never);
    expect(rendered).toBe(response);
    expect(response.bodyUsed).toBe(false);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toBe(bytes);
  });

  it('gives the event loop a turn after every page, so that the pages handed over go out while Astro renders', async () => {
    const wrapped = handingOver(instant, '/base/', { page: () => {} });
    let turns = 0;
    let rendering = true;
    const turn = () => {
      turns += 1;
      if (rendering) setImmediate(turn);
    };
    setImmediate(turn);
    // Pages rendered one after another with nothing but promises between them, as Astro renders them.
    for (const url of [...PAGES, ...PAGES]) await wrapped.render(new Request(`http://localhost${url}`), {} as never);
    rendering = false;
    expect(turns).toBeGreaterThanOrEqual(2 * PAGES.length - 1);
  });
});

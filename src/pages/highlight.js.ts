/**
 * `highlight.js`: the search highlighter (`scripts/highlight.ts` and what it imports) as one ES module,
 * bundled with esbuild, for the article page's inline loader (see `lib/highlight-loader.ts`).
 */
import type { APIRoute } from 'astro';
import { build } from 'esbuild';
import { join } from 'node:path';

export const GET: APIRoute = async () => {
  const bundled = await build({
    // Astro runs from the project root; this module is bundled elsewhere, so `import.meta.url` would not find the source.
    entryPoints: [join(process.cwd(), 'src/scripts/highlight.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return new Response(bundled.outputFiles[0]?.text ?? '', { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
};

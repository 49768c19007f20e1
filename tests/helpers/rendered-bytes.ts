/** Pages as Astro renders them whole with the patch to Astro (patches/astro+7.3.5.patch), for tests. */
import { RENDERED_BYTES } from '../../src/integrations/search-index';

/** A response that carries `html` as its bytes (see `RENDERED_BYTES`), as a page rendered whole does. */
export function responseWithBytes(html: string): { response: Response; bytes: Uint8Array } {
  const bytes = new TextEncoder().encode(html);
  const response = new Response(bytes.slice(), { status: 200 });
  Object.defineProperty(response, RENDERED_BYTES, { value: bytes });
  return { response, bytes };
}

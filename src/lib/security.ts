/** The HTTP security headers the archive is meant to be served with (written to public/_headers and the nginx example). */
import { HIGHLIGHT_LOADER_HASH } from './highlight-loader';

/**
 * Only the site itself may supply scripts, styles, images, fonts and fetches. Pagefind compiles its
 * WebAssembly at run time, which needs 'wasm-unsafe-eval' (and no 'unsafe-eval'); its search runs in a
 * same-origin worker. JSON-LD blocks are data, not script; the one inline script, the article page's
 * highlighter loader, is allowed by its hash.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${HIGHLIGHT_LOADER_HASH}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** A static file server for a built site, optionally under a sub-path, as any static host would serve it (tests and benchmarks). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

/** A running server; `origin` is `http://127.0.0.1:<port>`, the site lives at `origin + base`. */
export interface SiteServer {
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves `dir` at `base` (e.g. `/` or `/sub/`) on a free loopback port; anything outside `base` is 404.
 * `headers` are sent with every response (e.g. the site's security headers); with `compress`, text is
 * gzip-compressed for clients that accept it, as a static host does.
 */
export async function serveSite(
  dir: string,
  base = '/',
  headers: Readonly<Record<string, string>> = {},
  { compress = false } = {},
): Promise<SiteServer> {
  const files = sirv(dir, { dev: true, etag: false });
  const gzip = compression();
  const server: Server = createServer((req, res) => {
    // The middleware is typed for Express, but needs only Node's request and response.
    if (compress) gzip(req as Parameters<typeof gzip>[0], res as Parameters<typeof gzip>[1], () => serve(req, res));
    else serve(req, res);
  });
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const url = req.url ?? '/';
    const notFound = () => {
      res.statusCode = 404;
      res.end('not found');
    };
    if (!url.startsWith(base)) return notFound();
    req.url = `/${url.slice(base.length)}`;
    files(req, res, notFound);
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    // Browsers keep connections alive; close them too, or `close` waits for them forever.
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

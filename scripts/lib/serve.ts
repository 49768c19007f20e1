/** A static file server for a built site, optionally under a sub-path, as any static host would serve it (tests and benchmarks). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

/** A running server; `origin` is `http://127.0.0.1:<port>`, the site lives at `origin + base`. */
export interface SiteServer {
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves `dir` at `base` (e.g. `/` or `/sub/`) on a free loopback port; anything outside `base` is 404.
 * `headers` are sent with every response (e.g. the site's security headers).
 */
export async function serveSite(dir: string, base = '/', headers: Readonly<Record<string, string>> = {}): Promise<SiteServer> {
  const files = sirv(dir, { dev: true, etag: false });
  const server: Server = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const url = req.url ?? '/';
    const notFound = () => {
      res.statusCode = 404;
      res.end('not found');
    };
    if (!url.startsWith(base)) return notFound();
    req.url = `/${url.slice(base.length)}`;
    files(req, res, notFound);
  });
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

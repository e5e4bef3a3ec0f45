// A tiny static server for built sites, on 127.0.0.1 only, serving the site under its base path
// (so sub-path hosting is what the tests see) and 404.html for anything else, as static hosts do.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

export interface StaticServer {
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  /** Serves `dir` under `basePath` ('/digest/') from now on. */
  serve(dir: string, basePath: string): void;
  close(): Promise<void>;
}

export async function startStaticServer(): Promise<StaticServer> {
  let site: { dir: string; basePath: string; handler: ReturnType<typeof sirv> } | null = null;
  const notFound = async (res: http.ServerResponse) => {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(site ? await readFile(path.join(site.dir, '404.html')).catch(() => 'not found') : 'not found');
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!site || !url.startsWith(site.basePath)) return void notFound(res);
    req.url = `/${url.slice(site.basePath.length)}`;
    site.handler(req, res, () => void notFound(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    serve(dir, basePath) {
      site = { dir, basePath, handler: sirv(dir, { dev: true, etag: false }) };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

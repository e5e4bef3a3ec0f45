// The dev server's request handler: the output folder through sirv, except HTML pages, which
// get the live-reload script (and, while the latest build has failed, the error overlay) added
// on their way out. The pages on disk stay exactly as a production build writes them.
import { stat, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { isInside } from '../load/load-content.js';
import { isAllowedHost } from './allowed-hosts.js';
import { errorOverlay, errorPage, type Problem } from './error-overlay.js';
import { EVENTS_PATH, injectIntoHtml, liveReloadScript, type LiveReload } from './live-reload.js';
import type { NewsletterResponse } from './newsletter-pages.js';
import type { OutputGate } from './output-gate.js';

export interface DevState {
  /** Id of the latest build, good or failed. */
  build: string;
  /** The latest build's problems when it failed, else null. */
  problems: Problem[] | null;
}

export interface DevHandlerOptions {
  outDir: string;
  /** The address the server listens on (--host): requests for other host names are refused. */
  host: string;
  gate: OutputGate;
  live: LiveReload;
  state: () => DevState;
  /** The newsletter previews (newsletter-pages.ts): the answer for a path under /__digest/newsletter/, or null. */
  newsletter?: ((pathname: string) => Promise<NewsletterResponse | null>) | undefined;
}

type Target = { kind: 'page'; file: string } | { kind: 'add-slash' } | { kind: 'missing' } | { kind: 'asset' };

export function createDevHandler(options: DevHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const outDir = path.resolve(options.outDir);
  const assets = sirv(outDir, {
    dev: true,
    etag: true,
    extensions: [],
    onNoMatch: (request, response) => void sendNotFound(request, response).catch((error: unknown) => fail(response, error)),
  });

  const sendPage = (request: IncomingMessage, response: ServerResponse, status: number, html: string, isPage: boolean) => {
    const { build, problems } = options.state();
    const snippet = (problems ? errorOverlay(problems, isPage) : '') + liveReloadScript(build, problems !== null);
    const body = injectIntoHtml(html, snippet);
    response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  async function sendNotFound(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const custom = path.join(outDir, '404.html');
    if (await isFile(custom)) return sendPage(request, response, 404, await readFile(custom, 'utf8'), true);
    sendPage(request, response, 404, errorPage('<p>Not found.</p>'), false);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request.headers.host, options.host)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('digest dev answers only its own host names: localhost, 127.0.0.1, [::1] and the one --host gives\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === EVENTS_PATH) return options.live.connect(request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (options.newsletter && (url.pathname === '/__digest/newsletter' || url.pathname.startsWith('/__digest/newsletter/'))) {
      if (url.pathname === '/__digest/newsletter') {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      const answer = await options.newsletter(url.pathname);
      if (!answer) return sendNotFound(request, response);
      if (answer.page) return sendPage(request, response, 200, String(answer.body), true);
      response.writeHead(200, { 'Content-Type': answer.contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(answer.body) });
      response.end(request.method === 'HEAD' ? undefined : answer.body);
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      relative = '\0';
    }
    const absolute = path.resolve(outDir, relative);
    if (relative.includes('\0') || !isInside(outDir, absolute)) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path\n');
      return;
    }
    await options.gate.read(async () => {
      const target = await resolveTarget(absolute, url.pathname);
      if (target.kind === 'page') return sendPage(request, response, 200, await readFile(target.file, 'utf8'), true);
      if (target.kind === 'missing') return sendNotFound(request, response);
      if (target.kind === 'add-slash') {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      // sirv streams the file; the gate stays held until the response is done.
      await new Promise<void>((resolve) => {
        response.once('close', resolve);
        assets(request, response);
      });
    });
  }

  return (request, response) => {
    handle(request, response).catch((error: unknown) => fail(response, error));
  };
}

function fail(response: ServerResponse, error: unknown): void {
  if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`digest dev: ${(error as Error).message}\n`);
}

async function resolveTarget(absolute: string, pathname: string): Promise<Target> {
  if (pathname.endsWith('/')) {
    const index = path.join(absolute, 'index.html');
    return (await isFile(index)) ? { kind: 'page', file: index } : { kind: 'missing' };
  }
  if (/\.html?$/i.test(pathname)) return (await isFile(absolute)) ? { kind: 'page', file: absolute } : { kind: 'missing' };
  if (await isFile(path.join(absolute, 'index.html'))) return { kind: 'add-slash' };
  return { kind: 'asset' };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

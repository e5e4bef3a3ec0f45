// `digest serve`'s request handler: the built output folder as a static host would serve it,
// under the base path the site was built for, and nothing outside the folder: a path that leaves
// it, a dotfile, or a symbolic link that leads out of it is not found.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { isInside } from '../load/load-content.js';
import { isAllowedHost } from './allowed-hosts.js';

export interface BuiltSiteOptions {
  outDir: string;
  /** The path every link of the built pages starts with: '/', or '/digest/'. */
  basePath: string;
  /** The address the server listens on: requests for other host names are refused. */
  host: string;
}

/** The base path a site was built for, read from its home page's canonical link; null when there is none. */
export function builtBasePath(homeHtml: string): string | null {
  // site.yml's url can hold no `&` or quote, so the attribute needs no unescaping.
  const href = /<link rel="canonical" href="([^"]+)"/.exec(homeHtml)?.[1];
  if (!href || !URL.canParse(href)) return null;
  const { pathname } = new URL(href);
  return pathname.endsWith('/') ? pathname : `${pathname}/`;
}

export function createBuiltSiteHandler(options: BuiltSiteOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const outDir = realpathSync(options.outDir);
  const { basePath } = options;
  // Only after the checks below, and with the exact file: sirv gives types, ETags and ranges.
  const files = sirv(outDir, { dev: true, etag: true, dotfiles: false, extensions: [] });

  // sirv would answer 200, so the not-found page is sent here, as static hosts send it: 404.
  const notFound = (request: IncomingMessage, response: ServerResponse) => {
    const page = path.join(outDir, '404.html');
    const html = fileInside(outDir, page)?.kind === 'file';
    const body = html ? readFileSync(page) : Buffer.from('not found\n');
    response.writeHead(404, { 'Content-Type': `${html ? 'text/html' : 'text/plain'}; charset=utf-8`, 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  return (request, response) => {
    if (!isAllowedHost(request.headers.host, options.host)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('digest serve answers only its own host names: localhost, 127.0.0.1, [::1] and the one --host gives\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(basePath)) {
      // The host's root, when the site lives under a sub-path: send the reader to the site.
      if (url.pathname === '/' || `${url.pathname}/` === basePath) return void response.writeHead(302, { Location: basePath }).end();
      return notFound(request, response);
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname.slice(basePath.length));
    } catch {
      return notFound(request, response);
    }
    const absolute = path.resolve(outDir, relative);
    if (relative.includes('\0') || !isInside(outDir, absolute) || relative.split('/').some((part) => part.startsWith('.'))) return notFound(request, response);
    const found = fileInside(outDir, absolute);
    let file: string | null = found && found.kind === 'file' ? absolute : null;
    if (found?.kind === 'folder') {
      if (!url.pathname.endsWith('/')) return void response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
      const index = path.join(absolute, 'index.html');
      file = fileInside(outDir, index)?.kind === 'file' ? index : null;
    }
    if (!file) return notFound(request, response);
    request.url = `/${path.relative(outDir, file).split(path.sep).map(encodeURIComponent).join('/')}`;
    files(request, response, () => notFound(request, response));
  };
}

/** Whether `absolute` is a file or folder whose real place (links followed) is inside `outDir`. */
function fileInside(outDir: string, absolute: string): { kind: 'file' | 'folder' } | null {
  try {
    if (!isInside(outDir, realpathSync(absolute))) return null;
    const info = statSync(absolute);
    return info.isFile() ? { kind: 'file' } : info.isDirectory() ? { kind: 'folder' } : null;
  } catch {
    return null;
  }
}

// Live reload over server-sent events: every HTML page the dev server sends gets a small script
// that listens on EVENTS_PATH and reloads the tab when its page (or a stylesheet, script or
// image) was rebuilt, or when a build failed (the reloaded page shows the error overlay).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const EVENTS_PATH = '/__digest/events';

/** Events: `hello` on connecting, `built` after a good build, `failed` after a failed one. */
export type LiveEvent = { type: 'hello'; build: string } | { type: 'built'; build: string; changed: readonly string[] } | { type: 'failed'; build: string };

const KEEPALIVE_MS = 15_000;

export class LiveReload {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly currentBuild: () => string) {
    // A comment line now and then keeps idle connections from being cut by proxies.
    this.keepalive = setInterval(() => {
      for (const client of this.clients) client.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /** Takes over a request to EVENTS_PATH as an event stream. */
  connect(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write('retry: 1000\n\n');
    write(response, { type: 'hello', build: this.currentBuild() });
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
  }

  send(event: LiveEvent): void {
    for (const client of this.clients) write(client, event);
  }

  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

function write(response: ServerResponse, event: LiveEvent): void {
  const { type, ...data } = event;
  response.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Files a page loads: when one changes, every open page reloads. */
const PAGE_RESOURCE = /\.(css|js|mjs|png|jpe?g|gif|webp|avif|svg|ico|woff2?)$/i;

/** The script added to every page: `build` is the build the page comes from. */
export function liveReloadScript(build: string, showsError: boolean): string {
  const values = JSON.stringify({ build, showsError, events: EVENTS_PATH, resource: PAGE_RESOURCE.source }).replace(/</g, '\\u003c');
  return `<script>/* digest dev: live reload */
(() => {
  const page = ${values};
  const resource = new RegExp(page.resource, 'i');
  const here = decodeURIComponent(location.pathname).replace(/^\\/+/, '');
  const file = here === '' || here.endsWith('/') ? here + 'index.html' : here;
  let build = page.build;
  const events = new EventSource(page.events);
  events.addEventListener('hello', (event) => {
    if (JSON.parse(event.data).build !== build) location.reload();
  });
  events.addEventListener('built', (event) => {
    const data = JSON.parse(event.data);
    if (page.showsError || data.changed.some((path) => path === file || resource.test(path))) location.reload();
    else build = data.build;
  });
  events.addEventListener('failed', () => location.reload());
})();
</script>
`;
}

/** `snippet` before </body>, or at the end of a page without one. */
export function injectIntoHtml(html: string, snippet: string): string {
  const end = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return end === -1 ? html + snippet : html.slice(0, end) + snippet + html.slice(end);
}

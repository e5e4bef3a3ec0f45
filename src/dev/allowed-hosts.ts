// Which Host headers the dev server answers. A page on another site can point a name it owns at
// 127.0.0.1 (DNS rebinding) and then read the dev site, drafts included, as same-origin; its
// requests carry that name in Host, so any name but the server's own is refused. IP addresses
// cannot be rebound, so a server listening on every interface also answers its addresses (a
// phone on the local network). Pure.
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const EVERY_INTERFACE = new Set(['0.0.0.0', '::']);

/** Whether a request with this Host header is for the server listening on `listenHost`. */
export function isAllowedHost(hostHeader: string | undefined, listenHost: string): boolean {
  if (hostHeader === undefined) return false;
  const name = hostName(hostHeader);
  if (name === null) return false;
  const own = unbracket(listenHost.toLowerCase());
  if (name === own || LOOPBACK_NAMES.includes(name)) return true;
  return EVERY_INTERFACE.has(own) && isIP(name) !== 0;
}

/** `example.org:4000` -> `example.org`, `[::1]:4000` -> `::1`; null when it is not a host name. */
function hostName(header: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match || Number(match[2] ?? 0) > 65535) return null;
  return unbracket(match[1]!.toLowerCase()).replace(/\.$/, '');
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

// `digest dev` wired together: one long-lived builder (drafts included, links to the local
// server), a local HTTP server with live reload, and a watcher whose changes become rebuilds.
// A failed build leaves the last good output being served, with the problems shown on top.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBuilder, type Builder, type BuildResult } from '../build.js';
import { plural } from '../plural.js';
import { formatReport } from '../report.js';
import { UnsafeOutputError } from '../write/write-output.js';
import { problemsOf, type Problem } from './error-overlay.js';
import { LiveReload } from './live-reload.js';
import { newsletterChanges, newsletterResponse, type BuiltSite } from './newsletter-pages.js';
import { OutputGate } from './output-gate.js';
import { RebuildQueue } from './rebuild-queue.js';
import { rebuildReport } from './rebuild-report.js';
import { createDevHandler, type DevState } from './serve.js';
import { watchSite, type SiteWatcher } from './watch.js';

export interface DevServerOptions {
  root: string;
  host: string;
  /** 0: any free port. */
  port: number;
  /** When the port is taken, try the next ones (the default port) instead of failing. */
  tryNextPorts: boolean;
  /** Output folder; default: a new temporary folder, removed when the server stops. */
  outDir?: string | undefined;
  /** Progress lines for the terminal (no trailing newline). */
  log: (line: string) => void;
  color: boolean;
}

export interface DevServer {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/** How many ports after the default one are tried when it is taken. */
export const NEXT_PORTS = 20;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root);
  const ownOutDir = options.outDir === undefined;
  const outDir = options.outDir === undefined ? await mkdtemp(path.join(tmpdir(), 'digest-dev-')) : path.resolve(options.outDir);

  // Builds are numbered within a session that has an id of its own, so a tab left open from an
  // earlier session never mistakes a build for the one it shows.
  const session = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  let builds = 0;
  const state: DevState = { build: `${session}-0`, problems: null };
  const gate = new OutputGate();
  const live = new LiveReload(() => state.build);
  // The latest good build's site, which the newsletter previews are made from on request.
  let latest: BuiltSite | null = null;
  const newsletter = (pathname: string) => newsletterResponse(pathname, latest);
  const server = createServer(createDevHandler({ outDir, host: options.host, gate, live, state: () => state, newsletter }));

  let watcher: SiteWatcher | null = null;
  let builder: Builder | null = null;
  let queue: RebuildQueue | null = null;
  try {
    const port = await listen(server, options.host, options.port, options.tryNextPorts ? NEXT_PORTS : 0);
    const url = `http://${urlHost(options.host)}:${port}/`;
    // Feeds and the search index follow an edit's pages; requests wait while they are written.
    const site = createBuilder({ root, outDir, baseUrl: url, drafts: true, exclusive: (write) => gate.write(write) });
    builder = site;

    let unsafeOutput: UnsafeOutputError | null = null;
    const rebuild = async (changes: readonly string[]): Promise<void> => {
      const started = performance.now();
      const { result, crash } = await gate.write(async () => {
        let outcome: { result: BuildResult | null; crash: Problem | null } = { result: null, crash: null };
        try {
          // The watcher's paths let the builder read only the files that changed.
          outcome = { result: await site.build(changes.length > 0 ? { changed: changes } : undefined), crash: null };
        } catch (error) {
          if (error instanceof UnsafeOutputError) unsafeOutput = error;
          const reason = error instanceof UnsafeOutputError ? error.message : `internal error: ${(error as Error).message}`;
          outcome = { result: null, crash: { place: root, reason, ruleId: null, fatal: true } };
        }
        // Updated while requests wait, so a page and the state it is served with always match.
        builds++;
        state.build = `${session}-${builds}`;
        state.problems = outcome.crash ? [outcome.crash] : outcome.result?.ok ? null : problemsOf(outcome.result?.files ?? []);
        if (outcome.result?.ok && outcome.result.site && outcome.result.bodies) latest = { site: outcome.result.site, bodies: outcome.result.bodies };
        return outcome;
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const what = changes.length === 0 ? '' : `${changes[0]}${changes.length > 1 ? ` (+${changes.length - 1} more)` : ''} changed: `;
      const printed = result ? rebuildReport(result.files, changes) : null;
      const report = printed ? formatReport(printed.shown, 'text', { color: options.color }).trimEnd() : '';
      if (report !== '') options.log(report);
      if (printed && printed.otherWarnings > 0) options.log(`${plural(printed.otherWarnings, 'warning')} in files this change did not touch (digest check lists them)`);
      if (crash) options.log(`digest dev: ${crash.reason}`);
      if (!result?.ok) {
        options.log(`${timestamp()} ${what}build failed in ${seconds} s; still serving the last good version`);
        live.send({ type: 'failed', build: state.build });
        return;
      }
      options.log(`${timestamp()} ${what}built ${plural(result.pages.length, 'page')} in ${seconds} s (${plural(result.written, 'file')} written)`);
      live.send({ type: 'built', build: state.build, changed: [...result.changed, ...newsletterChanges(result.changed, changes, latest)] });
    };

    queue = new RebuildQueue({ rebuild, onError: (error) => options.log(`digest dev: rebuild failed unexpectedly: ${(error as Error).message}`) });
    const changes = queue;
    watcher = await watchSite(root, (file) => changes.add(file), (error) => options.log(`digest dev: watching failed: ${(error as Error).message}`));
    await rebuild([]);
    // A --out that must not be replaced is a mistake in the command line, not in the content.
    if (unsafeOutput) throw unsafeOutput;
    options.log(`digest dev: serving ${url} (drafts included; output in ${outDir}; press Ctrl-C to stop)`);

    let closing: Promise<void> | null = null;
    return {
      url,
      outDir,
      close: () => (closing ??= stop()),
    };
  } catch (error) {
    await stop();
    throw error;
  }

  async function stop(): Promise<void> {
    await watcher?.close();
    await queue?.close();
    await builder?.close();
    live.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (ownOutDir) await rm(outDir, { recursive: true, force: true });
  }
}

export async function listen(server: Server, host: string, port: number, more: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const candidate = port === 0 ? 0 : port + attempt;
    try {
      await new Promise<void>((resolve, reject) => {
        const failed = (error: Error) => reject(error);
        server.once('error', failed);
        server.listen(candidate, host, () => {
          server.off('error', failed);
          resolve();
        });
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && attempt < more) continue;
      if (code === 'EADDRINUSE') throw new PortInUseError(`port ${candidate} on ${host} is in use; choose another with --port`);
      throw error;
    }
  }
}

export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function timestamp(): string {
  return new Date().toTimeString().slice(0, 8);
}

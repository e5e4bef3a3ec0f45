// `digest serve`: look at a finished build as readers will get it. The built pages link from the
// host's root (/issues/…, or /digest/issues/… under a sub-path), so opening index.html from disk
// breaks every link; this serves the output folder under the base path it was built for. Runs
// until Ctrl-C (SIGINT) or SIGTERM.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from '../command.js';
import { rootedCommand } from '../command-line.js';
import { builtBasePath, createBuiltSiteHandler } from './built-site.js';
import { listen, NEXT_PORTS, PortInUseError, urlHost } from './dev-server.js';

const DEFAULT_PORT = 4000;
const DEFAULT_HOST = '127.0.0.1';

export const serveCommand: Command = {
  summary: 'serve the built site (dist/) locally, as a static host would',
  usage: `digest serve [--root DIR] [--out DIR] [--port N] [--host H]

Serves the output of \`digest build\` at http://${DEFAULT_HOST}:${DEFAULT_PORT}/, under the path of the
URL it was built for (site.yml's url or --base-url), and 404.html for pages that do not exist.
It does not build: run \`digest build\` first, and again after a change (or use \`digest dev\`).
Only files inside the output folder are served. Stop it with Ctrl-C.

  --root DIR   site root holding content/ (default: .)
  --out DIR    the output folder to serve (default: <root>/dist)
  --port N     port to listen on (default: ${DEFAULT_PORT}, or the next free one; 0: any free port)
  --host H     address or name to listen on (default: ${DEFAULT_HOST}, this machine only);
               requests for any other host name are refused`,
  options: { ...COMMON_OPTIONS, out: { type: 'string' }, port: { type: 'string' }, host: { type: 'string', default: DEFAULT_HOST } },
  async run(values) {
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(String(values.port ?? port))) {
      throw new UsageError(`--port "${values.port}" is not a port number (0-65535)`);
    }
    const root = path.resolve(String(values.root));
    const outDir = values.out === undefined ? path.join(root, 'dist') : path.resolve(String(values.out));
    const shown = path.relative(process.cwd(), outDir) || '.';
    const home = path.join(outDir, 'index.html');
    if (!existsSync(home)) {
      process.stderr.write(`digest serve: ${shown} holds no built site (no index.html); build it first with \`${rootedCommand('build', root)}\`\n`);
      return EXIT.usage;
    }
    const basePath = builtBasePath(readFileSync(home, 'utf8')) ?? '/';
    const host = String(values.host);
    const server = createServer(createBuiltSiteHandler({ outDir, basePath, host }));
    let bound: number;
    try {
      bound = await listen(server, host, port, values.port === undefined ? NEXT_PORTS : 0);
    } catch (error) {
      if (error instanceof PortInUseError) throw new UsageError(error.message);
      throw error;
    }
    process.stdout.write(`digest serve: serving ${shown} at http://${urlHost(host)}:${bound}${basePath} (press Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stdout.write('digest serve: stopping\n');
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return EXIT.ok;
  },
};

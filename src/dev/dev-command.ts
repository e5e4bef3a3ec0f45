// `digest dev`: serve the site locally, rebuild on every change, reload open tabs. Runs until
// Ctrl-C (SIGINT) or SIGTERM.
import path from 'node:path';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from '../command.js';
import { PortInUseError, startDevServer } from './dev-server.js';

const DEFAULT_PORT = 4000;
const DEFAULT_HOST = '127.0.0.1';

export const devCommand: Command = {
  summary: 'serve the site locally, rebuilding and reloading on every change',
  usage: `digest dev [--root DIR] [--port N] [--host H] [--out DIR]

Builds the site with drafts, serves it at http://${DEFAULT_HOST}:${DEFAULT_PORT}/ and watches content/
(site.yml included), templates/ and public/. Every change rebuilds the site (only changed
files are parsed again and only changed pages are written), and open browser tabs reload by
themselves. A content error is printed here and shown over the page; the last good version
of the site is served until the error is fixed. Stop it with Ctrl-C.

  --root DIR   site root holding content/ (default: .)
  --port N     port to listen on (default: ${DEFAULT_PORT}, or the next free one; 0: any free port)
  --host H     address or name to listen on (default: ${DEFAULT_HOST}, this machine only);
               requests for any other host name are refused
  --out DIR    where the dev build is written (default: a temporary folder, removed on
               exit; never dist/, so a production build is not overwritten)`,
  options: { ...COMMON_OPTIONS, port: { type: 'string' }, host: { type: 'string', default: DEFAULT_HOST }, out: { type: 'string' } },
  async run(values) {
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(String(values.port ?? port))) {
      throw new UsageError(`--port "${values.port}" is not a port number (0-65535)`);
    }
    let server;
    try {
      server = await startDevServer({
        root: path.resolve(String(values.root)),
        host: String(values.host),
        port,
        tryNextPorts: values.port === undefined,
        outDir: values.out === undefined ? undefined : path.resolve(String(values.out)),
        log: (line) => process.stdout.write(`${line}\n`),
        color: process.stdout.isTTY,
      });
    } catch (error) {
      if (error instanceof PortInUseError) throw new UsageError(error.message);
      throw error;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stdout.write('digest dev: stopping\n');
    await server.close();
    return EXIT.ok;
  },
};

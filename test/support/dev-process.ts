// `digest dev` as a child process, an event-stream client for its live-reload endpoint, and
// bounded waits for what they should show.
import { spawn, type ChildProcess } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';
import { DIGEST_BIN, REPO_ROOT } from './digest-cli.ts';
import { assertWellFormedXml } from './well-formed-xml.ts';

/** Polls `probe` every 50 ms until it returns something other than undefined/false; fails after `timeoutMs`. */
export async function waitFor<T>(description: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class DevProcess {
  private log = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly outDir: string,
    log: string,
  ) {
    this.log = log;
    child.stdout!.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts `digest dev` on a free port and waits until it says it is serving. */
  static async start(args: readonly string[]): Promise<DevProcess> {
    const child = spawn(process.execPath, [DIGEST_BIN, 'dev', '--port', '0', ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const onData = (chunk: Buffer) => (log += chunk.toString('utf8'));
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let exitCode: number | null | undefined;
    child.once('exit', (code) => (exitCode = code));
    try {
      const match = await waitFor('digest dev to serve', () => {
        if (exitCode !== undefined) throw new Error(`digest dev exited with ${exitCode}:\n${log}`);
        return /serving (http:\/\/\S+) \(drafts included; output in (.+?); press/.exec(log) ?? undefined;
      });
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      return new DevProcess(child, match[1]!, match[2]!, log);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  output(): string {
    return this.log;
  }

  /** SIGTERM, as Ctrl-C would; resolves with the exit code. Kills it if it does not stop in time. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    // What it built while it ran, checked before it goes (and may take its output with it).
    try {
      assertWellFormedXml(this.outDir);
    } catch (error) {
      this.child.kill('SIGKILL');
      throw error;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

export interface ServerEvent {
  type: string;
  data: Record<string, unknown>;
}

/** A client of the server-sent events at `url`, as a browser's EventSource would be. */
export class EventStream {
  readonly events: ServerEvent[] = [];
  private response: IncomingMessage | null = null;

  private constructor(url: string, ready: (stream: EventStream) => void, failed: (error: Error) => void) {
    let buffer = '';
    const request = get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
      this.response = response;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) this.events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
        }
      });
      ready(this);
    });
    request.on('error', failed);
  }

  static connect(url: string): Promise<EventStream> {
    return new Promise((resolve, reject) => new EventStream(url, resolve, reject));
  }

  /** The first event after index `from` that matches. */
  next(description: string, from: number, match: (event: ServerEvent) => boolean): Promise<ServerEvent> {
    return waitFor(`event ${description}`, () => this.events.slice(from).find(match));
  }

  close(): void {
    this.response?.destroy();
  }
}

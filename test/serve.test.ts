// digest serve on a real build: the site under the base path it was built for, 404.html for what
// is not there, and nothing outside the output folder, whatever the request or the links in it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIGEST_BIN, runDigest } from './support/digest-cli.ts';
import { waitFor } from './support/dev-process.ts';

/** A raw GET, so that paths such as /digest/../x reach the server as written (fetch would tidy them). */
function get(origin: string, rawPath: string, host?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, headers: host ? { host } : {} }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('digest serve', () => {
  let dir: string;
  let site: string;
  let child: ChildProcess;
  let origin: string;
  let log = '';

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'digest-serve-'));
    site = path.join(dir, 'site');
    assert.equal(runDigest(['init', site]).status, 0);
    const build = runDigest(['build', '--root', site], { cwd: dir });
    assert.equal(build.status, 0, build.stderr);
    assert.match(build.stdout, /^look at it with `npx digest serve --root site`/m);
    writeFileSync(path.join(dir, 'secret.txt'), 'not for readers');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(site, 'dist', 'leak.txt'));
    symlinkSync(dir, path.join(site, 'dist', 'outside'));
    child = spawn(process.execPath, [DIGEST_BIN, 'serve', '--root', site, '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const match = await waitFor('digest serve to listen', () => /serving site\/dist at (http:\/\/127\.0\.0\.1:\d+)\/digest\//.exec(log) ?? (child.exitCode !== null ? assert.fail(log) : undefined));
    origin = match[1]!;
  });
  after(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the built pages under the base path of site.yml\'s url, as they are on disk', async () => {
    const home = await get(origin, '/digest/');
    assert.equal(home.status, 200);
    assert.equal(home.body, readFileSync(path.join(site, 'dist', 'index.html'), 'utf8'));
    assert.match(String(home.headers['content-type']), /text\/html/);
    const css = await get(origin, '/digest/assets/style.css');
    assert.equal(css.status, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    assert.equal((await get(origin, '/')).headers.location, '/digest/');
    assert.equal((await get(origin, '/digest/issues')).headers.location, '/digest/issues/');
  });

  it('answers 404 with the site\'s 404.html for a page that is not there', async () => {
    const missing = await get(origin, '/digest/no/such/page/');
    assert.equal(missing.status, 404);
    assert.equal(missing.body, readFileSync(path.join(site, 'dist', '404.html'), 'utf8'));
    assert.equal((await get(origin, '/elsewhere/')).status, 404);
  });

  it('serves nothing outside the output folder: no climbing out, no dotfiles, no links leading out', async () => {
    for (const raw of ['/digest/../secret.txt', '/digest/%2e%2e/secret.txt', '/digest/..%2f..%2fsecret.txt', '/digest/leak.txt', '/digest/outside/secret.txt', '/digest/.digest-output', '/digest/%00']) {
      const response = await get(origin, raw);
      assert.equal(response.status, 404, raw);
      assert.doesNotMatch(response.body, /not for readers/, raw);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    assert.equal((await get(origin, '/digest/', 'attacker.example:80')).status, 403);
  });

  it('says how to build when there is nothing built, with exit code 2', () => {
    const fresh = path.join(dir, 'fresh');
    assert.equal(runDigest(['init', fresh]).status, 0);
    const result = runDigest(['serve', '--root', fresh, '--port', '0']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /holds no built site \(no index\.html\); build it first with `npx digest build --root /);
  });
});

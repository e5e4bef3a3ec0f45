// The tool as users get it: `npm pack`, installed into an empty folder, then `npx digest init`
// and `npx digest build` there, with no TypeScript toolchain and no file of this repository.
// lib/ is the one `npm test` has just compiled, so the tarball is packed with --ignore-scripts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from './support/digest-cli.ts';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment without npm's script variables: the inner npm must not see this repository's. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...ENV, NO_COLOR: '1' }, timeout: 300_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', all: `${result.stdout}\n${result.stderr}\n${result.error ?? ''}` };
}

describe('the npm package', { timeout: 600_000 }, () => {
  let dir: string;
  let app: string;
  let tarball: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'digest-package-'));
    const packed = run(NPM, ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], REPO_ROOT);
    assert.equal(packed.status, 0, packed.all);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(dir, info!.filename);
    app = path.join(dir, 'app');
    // An empty folder but for a package.json, so that npm does not look for a project above it.
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), '{ "name": "digest-package-test", "private": true }\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the compiled tool, its templates and assets, and no sources or tests', () => {
    const listed = run('tar', ['-tzf', tarball], dir);
    assert.equal(listed.status, 0, listed.all);
    const files = listed.stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
    for (const needed of ['package.json', 'bin/digest.js', 'lib/cli.js', 'lib/init/init-command.js', 'templates/home.njk']) assert.ok(files.includes(needed), `${needed} is packed`);
    assert.ok(files.some((file) => file.startsWith('public/')));
    assert.deepEqual(files.filter((file) => /^(src|test|content|scripts)\/|\.ts$/.test(file)), []);
  });

  it('installs from the tarball, then `npx digest init` and `npx digest build` make a site', () => {
    const installed = run(NPM, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app);
    assert.equal(installed.status, 0, installed.all);
    for (const tool of ['typescript', 'tsx']) assert.equal(existsSync(path.join(app, 'node_modules', tool)), false, `${tool} is not installed`);

    const init = run(NPX, ['--no', '--', 'digest', 'init', 'mysite'], app);
    assert.equal(init.status, 0, init.all);
    assert.match(init.stdout, /Next steps:/);
    const site = path.join(app, 'mysite');
    assert.deepEqual(readdirSync(site).sort(), ['.github', '.gitignore', 'content', 'package.json']);
    const pkg = JSON.parse(readFileSync(path.join(site, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: unknown };
    const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.deepEqual(pkg.dependencies, { 'weekly-digest': `^${version}` });

    const check = run(NPX, ['--no', '--', 'digest', 'check', '--root', 'mysite'], app);
    assert.equal(check.status, 0, check.all);
    const build = run(NPX, ['--no', '--', 'digest', 'build', '--root', 'mysite'], app);
    assert.equal(build.status, 0, build.all);
    const home = readFileSync(path.join(site, 'dist', 'index.html'), 'utf8');
    assert.match(home, /还没有发布任何一期/, 'a site whose only issue is a draft says no issue is published yet');
    assert.ok(existsSync(path.join(site, 'dist', 'favicon.svg')), "the package's public/ files are copied");
  });
});

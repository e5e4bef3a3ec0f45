// The bundle (scripts/bundle.mjs, lib/bundle/) is the same code as lib/: a site built by each is
// the same, byte for byte, and so is what check reports.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { hashTree } from './helpers/cli.ts';
import { DIGEST_BIN, REPO_ROOT } from './support/digest-cli.ts';
import { treeDiff } from './support/tree-diff.ts';

const bundle = path.join(REPO_ROOT, 'lib', 'bundle', 'cli.js');
const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(path.join(REPO_ROOT, 'lib', 'cli.js')).mtimeMs;

test('the bundled CLI builds and checks a site as lib/ does', { skip: fresh ? false : 'no lib/bundle/ newer than lib/cli.js: run npm run compile (tsc, then scripts/bundle.mjs)' }, async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'digest-bundle-'));
  try {
    const run = (env: Record<string, string>, args: string[]) =>
      spawnSync(process.execPath, [DIGEST_BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
    const site = path.join(REPO_ROOT, 'test', 'fixtures', 'basic');
    const bundled = run({}, ['build', '--root', site, '--no-cache', '--out', path.join(out, 'bundle')]);
    const plain = run({ DIGEST_NO_BUNDLE: '1' }, ['build', '--root', site, '--no-cache', '--out', path.join(out, 'lib')]);
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual(treeDiff(await hashTree(path.join(out, 'bundle')), await hashTree(path.join(out, 'lib'))), []);
    const invalid = path.join(REPO_ROOT, 'test', 'fixtures-invalid');
    const checked = (env: Record<string, string>) => run(env, ['check', '--root', path.join(invalid, 'unknown-field'), '--format', 'json']);
    if (existsSync(path.join(invalid, 'unknown-field'))) assert.equal(checked({}).stdout, checked({ DIGEST_NO_BUNDLE: '1' }).stdout);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

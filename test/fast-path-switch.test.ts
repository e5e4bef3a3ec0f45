// DIGEST_NO_FAST_PATHS=1 makes the build use the libraries alone (gray-matter + yaml, remark,
// remark-html, feed): the site it writes must be the very site the fast paths write, byte for
// byte, on the sample site and on a generated archive of real-shaped content.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { writeRealShapes } from '../scripts/real-shapes.ts';
import { listFiles, REPO, runCli } from './support/site-root.ts';

function buildBothWays(root: string): void {
  const outs = ['fast', 'libraries'].map((name) => path.join(root, `dist-${name}`));
  for (const [index, out] of outs.entries()) {
    const env = index === 0 ? { DIGEST_NO_FAST_PATHS: '' } : { DIGEST_NO_FAST_PATHS: '1' };
    const run = runCli(['build', '--root', root, '--out', out, '--no-cache'], { env });
    assert.equal(run.status, 0, run.stderr);
  }
  const files = listFiles(outs[0]!);
  assert.deepStrictEqual(listFiles(outs[1]!), files);
  assert.ok(files.length > 20);
  for (const file of files) {
    assert.ok(readFileSync(path.join(outs[0]!, file)).equals(readFileSync(path.join(outs[1]!, file))), `${file} differs with DIGEST_NO_FAST_PATHS=1`);
  }
}

test('DIGEST_NO_FAST_PATHS=1, and only 1, turns the fast paths off', () => {
  for (const [value, expected] of [['1', 'false'], ['', 'true'], ['0', 'true']] as const) {
    const script = "import('./lib/parse/fast-path-switch.js').then((m) => process.stdout.write(String(m.FAST_PATHS)))";
    const result = spawnSync(process.execPath, ['-e', script], { cwd: REPO, env: { ...process.env, DIGEST_NO_FAST_PATHS: value }, encoding: 'utf8' });
    assert.equal(result.stdout, expected, `DIGEST_NO_FAST_PATHS=${value}`);
  }
});

test('the sample site is the same with and without the fast paths', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'digest-switch-'));
  try {
    cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
    buildBothWays(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('generated archives are the same with and without the fast paths', async () => {
  for (const write of [(root: string) => writeCorpus(root, { issues: 6, perIssue: 15, seed: 3 }), (root: string) => writeRealShapes(root, { issues: 6, perIssue: 15, seed: 3 })]) {
    const root = mkdtempSync(path.join(tmpdir(), 'digest-switch-'));
    try {
      await write(root);
      buildBothWays(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

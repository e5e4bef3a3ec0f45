// The switches of the speed devices kept beside the plain way (docs/benchmarks.md, "What each
// speed device pays"): DIGEST_NO_PAGE_FRAGMENTS=1 must build the very site the device builds,
// byte for byte, on the sample site and on a generated archive. (The fast paths' own switch has
// test/fast-path-switch.test.ts; the threads are a build option, and the incremental tests build
// with and without them.)
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { listFiles, REPO, runCli } from './support/site-root.ts';

const SWITCHES = ['DIGEST_NO_PAGE_FRAGMENTS'] as const;

function buildEachWay(root: string): void {
  const build = (name: string, env: Record<string, string>) => {
    const out = path.join(root, `dist-${name}`);
    const run = runCli(['build', '--root', root, '--out', out, '--no-cache'], { env: { DIGEST_NO_PAGE_FRAGMENTS: '', ...env } });
    assert.equal(run.status, 0, run.stderr);
    return out;
  };
  const devices = build('devices', {});
  const files = listFiles(devices);
  assert.ok(files.length > 20);
  for (const name of SWITCHES) {
    const out = build(name, { [name]: '1' });
    assert.deepStrictEqual(listFiles(out), files, `${name}=1 writes other files`);
    for (const file of files) assert.ok(readFileSync(path.join(devices, file)).equals(readFileSync(path.join(out, file))), `${file} differs with ${name}=1`);
  }
}

test('the sample site is the same with each speed device turned off', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'digest-devices-'));
  try {
    cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
    buildEachWay(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a generated archive is the same with each speed device turned off', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'digest-devices-'));
  try {
    await writeCorpus(root, { issues: 10, perIssue: 15, seed: 5 });
    buildEachWay(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

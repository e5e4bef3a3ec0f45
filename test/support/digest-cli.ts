// Runs the compiled CLI (bin/digest.js) as an editor would, and makes throwaway site roots.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertBuiltXml } from './well-formed-xml.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DIGEST_BIN = path.join(REPO_ROOT, 'bin', 'digest.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runDigest(args: readonly string[], options: { cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [DIGEST_BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  assertBuiltXml(args, options.cwd ?? REPO_ROOT);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder holding a copy of `fixture` (a site root), removed by the returned cleanup. */
export function tempSite(fixture: string): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'digest-test-'));
  cpSync(fixture, root, { recursive: true });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

// Runs the real, compiled CLI (bin/digest.js -> lib/, built by `npm test`'s tsc step) in a child
// process, and manages throw-away site roots under the OS temp folder.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuiltXml } from '../support/well-formed-xml.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = path.join(REPO, 'bin', 'digest.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `timeoutMs`: a hang guard; the CLI is killed after that long and the promise rejects. */
export function runCli(args: readonly string[], options: { cli?: string; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const limits = { timeout: options.timeoutMs ?? 0, killSignal: 'SIGKILL' as const };
    execFile(process.execPath, [options.cli ?? CLI, ...args], { cwd: options.cwd ?? REPO, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' }, ...limits }, (error, stdout, stderr) => {
      if (error?.killed) return reject(new Error(`digest ${args.join(' ')} was killed after ${options.timeoutMs} ms`));
      if (error && typeof error.code !== 'number') return reject(error);
      try {
        assertBuiltXml(args, options.cwd ?? REPO);
      } catch (problem) {
        return reject(problem as Error);
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Node prints a stack as lines starting with "    at "; the CLI must never show one without --debug. */
export function assertNoStackTrace(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at /m, `stack trace on stderr:\n${result.stderr}`);
  assert.doesNotMatch(result.stdout, /^\s+at /m, `stack trace on stdout:\n${result.stdout}`);
}

const made: string[] = [];

export async function tempDir(prefix = 'digest-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A copy of a fixture site root in a fresh temp folder (the fixture's expected.json left out). */
export async function copySite(fixture: string): Promise<string> {
  const root = path.join(await tempDir(), 'site');
  await cp(fixture, root, { recursive: true, filter: (source) => path.basename(source) !== 'expected.json' });
  return root;
}

/** Every file below `dir` (links not followed) -> sha256 of its bytes, by relative path. */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    hashes.set(path.relative(dir, absolute), createHash('sha256').update(await readFile(absolute)).digest('hex'));
  }
  return new Map([...hashes].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// Test support: copy a fixture site root to a temp folder, run the real CLI on it, read output.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuiltXml } from './well-formed-xml.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = path.join(REPO, 'bin', 'digest.js');

/** A fresh copy of test/fixtures/<name> in a temp folder; returns its path. */
export function copyFixture(name: string, base = 'fixtures'): string {
  const target = mkdtempSync(path.join(tmpdir(), `digest-${name}-`));
  cpSync(path.join(REPO, 'test', base, name), target, { recursive: true });
  return target;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
  assertBuiltXml(args, options.cwd ?? REPO);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file below `dir`, as sorted '/'-separated relative paths. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export function readOutput(dir: string, relative: string): string {
  return readFileSync(path.join(dir, relative), 'utf8');
}

/** Text content of the HTML with tags stripped and whitespace folded, for order assertions. */
export function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

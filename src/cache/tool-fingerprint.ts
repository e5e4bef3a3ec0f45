// Which digest wrote a cache: its version and a hash of its own code (lib/ when compiled, src/
// under tsx), so a changed parser or renderer never reuses results of the old one, even before
// the version number moves.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolVersion } from '../tool-version.js';

const CODE_DIR = fileURLToPath(new URL('../', import.meta.url));

let memo: Promise<string> | undefined;

export function toolFingerprint(): Promise<string> {
  memo ??= compute();
  return memo;
}

async function compute(): Promise<string> {
  const version = await toolVersion();
  const hash = createHash('sha256');
  const entries = await readdir(CODE_DIR, { recursive: true, withFileTypes: true });
  const files = entries
    // lib/bundle/ is made from the rest of lib/ (scripts/bundle.mjs), which identifies it.
    .filter((entry) => entry.isFile() && /\.(js|ts)$/.test(entry.name) && !path.relative(CODE_DIR, entry.parentPath).startsWith('bundle'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(path.relative(CODE_DIR, file)).update('\0').update(await readFile(file)).update('\0');
  return `${version}+${hash.digest('hex').slice(0, 16)}`;
}

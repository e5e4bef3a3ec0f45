// Writes change sets (test/support/change-sets.ts) into a site root as an editor would: files
// written or deleted, folders made as needed and removed once empty. Returns the paths a watcher
// reports for it (relative to the root, '/'-separated): every file and folder added or removed.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Change } from './change-sets.ts';

export async function applyChanges(root: string, changes: readonly Change[]): Promise<string[]> {
  const reported = new Set<string>();
  for (const change of changes) {
    for (const file of change.files) {
      const target = path.join(root, file.path);
      reported.add(file.path);
      if (file.text === null) {
        await rm(target, { force: true });
        for (let dir = path.dirname(file.path); dir !== '.' && readdirSync(path.join(root, dir)).length === 0; dir = path.dirname(dir)) {
          await rmdir(path.join(root, dir));
          reported.add(dir);
        }
      } else {
        for (let dir = path.dirname(file.path); dir !== '.' && !existsSync(path.join(root, dir)); dir = path.dirname(dir)) reported.add(dir);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.text);
      }
    }
  }
  return [...reported];
}

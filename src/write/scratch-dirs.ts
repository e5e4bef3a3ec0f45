// Folders a build writes beside the output folder, named `<out>.tmp-<pid>-<n>`: the stage of the
// new files, and the journal of files being replaced (output-journal.ts). A build removes its
// own; those of a build that was killed are removed by the next build, after its journal is
// rolled back. Those of a process still running are never touched.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isJournal, rollBack } from './output-journal.js';

let count = 0;

/** A new folder name beside the output folder, for this process. */
export function scratchDir(outDir: string): string {
  let dir: string;
  // A killed process of the same pid may have left one of the name.
  do dir = `${path.resolve(outDir)}.tmp-${process.pid}-${++count}`;
  while (existsSync(dir));
  return dir;
}

/** Removes the scratch folders of processes no longer running, rolling back their journals first. */
export async function removeDeadScratch(outDir: string): Promise<void> {
  const absolute = path.resolve(outDir);
  const parent = path.dirname(absolute);
  const names = await readdir(parent).catch(() => [] as string[]);
  const prefix = `${path.basename(absolute)}.tmp-`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || running(pid)) continue;
    const dir = path.join(parent, name);
    if (isJournal(dir)) await rollBack(dir, absolute);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether a process of this id exists (this one included: it removes its own folders). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

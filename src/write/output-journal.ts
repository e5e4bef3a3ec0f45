// Replaces files in the output folder so that it can be undone. Each file replaced or removed is
// first kept in a journal folder beside the output folder (same file system: a hard link or a
// rename), and each step is written down before it is taken. A write that fails is rolled back at once; one
// killed midway is rolled back by the next build (scratch-dirs.ts). Renames replace a link at the
// target, never write through it; the folders on the way are checked first (folder-check.ts),
// by the writer and again by a rollback.
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { link, lstat, mkdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../load/load-content.js';
import { FolderCheck } from './folder-check.js';

/** The steps, one JSON array a line: ['old', n, path] (kept as old-<n>) or ['new', 0, path] (was not there). */
const STEPS = '.digest-journal';
/** Written once every step is taken: the new output is whole, nothing to roll back. */
const DONE = '.digest-done';

type Step = [kind: 'old' | 'new', backup: number, relative: string];

export const isJournal = (dir: string): boolean => existsSync(path.join(dir, STEPS));

export class OutputJournal {
  readonly #fd: number;
  #backups = 0;
  #temporaries = 0;
  readonly #made = new Set<string>();

  /** Opens a journal in `dir` (a new scratch folder) for files of `outDir`, which exists. */
  constructor(
    readonly dir: string,
    readonly outDir: string,
  ) {
    mkdirSync(path.dirname(dir), { recursive: true });
    mkdirSync(dir);
    this.#fd = openSync(path.join(dir, STEPS), 'wx');
  }

  /** A path in the journal folder to write a new file's bytes to, before put() moves it in. */
  temporary(): string {
    return path.join(this.dir, `new-${++this.#temporaries}`);
  }

  /** Moves `from` (on the same file system) to `relative` in the output folder; what was there is kept. */
  async put(relative: string, from: string): Promise<void> {
    const target = path.join(this.outDir, relative);
    await this.#moveAway(relative, target, true);
    const folder = path.dirname(target);
    if (!this.#made.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.#made.add(folder);
    }
    await rename(from, target);
  }

  /** Moves the file (or link) at `relative` out of the output folder, keeping it. */
  async remove(relative: string): Promise<void> {
    await this.#moveAway(relative, path.join(this.outDir, relative), false);
  }

  /**
   * Keeps what is at `target` in the journal. A file to be replaced is kept by a hard link, so it
   * stays in its place until the new one replaces it in one rename (a server never misses it);
   * anything else (a file to remove, a folder or link in the way) is moved.
   */
  async #moveAway(relative: string, target: string, replacing: boolean): Promise<void> {
    const there = await lstat(target).catch(() => null);
    if (!there) {
      if (replacing) this.#write(['new', 0, relative]);
      return;
    }
    const backup = path.join(this.dir, `old-${++this.#backups}`);
    this.#write(['old', this.#backups, relative]);
    if (replacing && there.isFile() && (await link(target, backup).then(() => true, () => false))) return;
    await rename(target, backup);
  }

  #write(step: Step): void {
    writeSync(this.#fd, `${JSON.stringify(step)}\n`);
  }

  /** Every step taken: the old files go with the journal. */
  async commit(): Promise<void> {
    writeFileSync(path.join(this.dir, DONE), '');
    closeSync(this.#fd);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Undoes every step taken and removes the journal. */
  async rollBack(): Promise<void> {
    closeSync(this.#fd);
    await rollBack(this.dir, this.outDir);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Puts the output folder back as it was before the steps in the journal at `dir`, last step
 * first; nothing when they were all taken. A step written down but not taken undoes nothing.
 */
export async function rollBack(dir: string, outDir: string): Promise<void> {
  if (existsSync(path.join(dir, DONE))) return;
  const steps: Step[] = [];
  for (const line of readFileSync(path.join(dir, STEPS), 'utf8').split('\n')) {
    try {
      steps.push(JSON.parse(line) as Step);
    } catch {
      // The empty last line (or one cut short by a kill: its step was not taken).
    }
  }
  const added = new Set<string>();
  const check = new FolderCheck(outDir);
  for (const [kind, backup, relative] of steps.reverse()) {
    const target = path.join(outDir, relative);
    // A link planted on the way since: nothing is undone through it.
    if (!isInside(outDir, target) || !checked(check, relative)) continue;
    if (kind === 'new') {
      await unlink(target).catch((error: NodeJS.ErrnoException) => {
        // Never made (a file where its folder would be says ENOTDIR).
        if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
      });
      added.add(path.dirname(target));
      continue;
    }
    const old = path.join(dir, `old-${backup}`);
    const kept = lstatSync(old, { throwIfNoEntry: false });
    // Not there: killed before it was kept, so the old file is still in its place.
    if (!kept) continue;
    const now = lstatSync(target, { throwIfNoEntry: false });
    // Still in its place (kept by a link, not replaced yet).
    if (now && now.ino === kept.ino && now.dev === kept.dev) continue;
    // A rename replaces a file, not a folder (nor a folder with a file).
    if (now && (now.isDirectory() || kept.isDirectory())) await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(old, target);
  }
  // Folders made for new files, when nothing is left in them.
  for (const folder of [...added].sort((a, b) => b.length - a.length)) {
    for (let dir = folder; dir !== outDir && dir.startsWith(outDir); dir = path.dirname(dir)) {
      if (!(await rmdir(dir).then(() => true, () => false))) break;
    }
  }
}

function checked(check: FolderCheck, relative: string): boolean {
  try {
    check.assertReal(relative);
    return true;
  } catch {
    return false;
  }
}

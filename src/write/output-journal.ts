// Replaces files in the output folder so that it can be undone. Each file replaced or removed is
// first moved into a journal folder beside the output folder (same file system: a rename), and
// each step is written down before it is taken. A write that fails is rolled back at once; one
// killed midway is rolled back by the next build (scratch-dirs.ts). Renames replace a link at the
// target, never write through it; the folders on the way are checked first (folder-check.ts).
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { lstat, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

/** The steps, one JSON array a line: ['old', n, path] (moved to old-<n>) or ['new', 0, path] (was not there). */
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
    await this.#moveAway(relative, target, 'new');
    const folder = path.dirname(target);
    if (!this.#made.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.#made.add(folder);
    }
    await rename(from, target);
  }

  /** Moves the file (or link) at `relative` out of the output folder, keeping it. */
  async remove(relative: string): Promise<void> {
    await this.#moveAway(relative, path.join(this.outDir, relative), null);
  }

  async #moveAway(relative: string, target: string, ifNone: 'new' | null): Promise<void> {
    const there = await lstat(target).then(
      () => true,
      () => false,
    );
    if (!there) {
      if (ifNone) this.#write(['new', 0, relative]);
      return;
    }
    const backup = ++this.#backups;
    this.#write(['old', backup, relative]);
    await rename(target, path.join(this.dir, `old-${backup}`));
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
  for (const [kind, backup, relative] of steps.reverse()) {
    const target = path.join(outDir, relative);
    if (kind === 'new') {
      await rm(target, { recursive: true, force: true });
      added.add(path.dirname(target));
      continue;
    }
    const old = path.join(dir, `old-${backup}`);
    const kept = lstatSync(old, { throwIfNoEntry: false });
    // Not there: killed before it was moved, so the old file is still in its place.
    if (!kept) continue;
    const now = lstatSync(target, { throwIfNoEntry: false });
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

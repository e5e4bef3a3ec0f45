// Writes output files into a staging folder at their own relative paths, synchronously: on a
// worker thread for a large build (output-stage-worker.ts), else on the calling thread. A file
// staged at its own path is moved into place by one rename, and a staging folder that holds the
// whole output can become the output folder by one rename of the folder (see writeOutput).
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { systemReason } from './system-error.js';

/** An output file whose bytes wait in a staging file. */
export interface StagedFile {
  /** Relative to the output folder, '/'-separated. */
  path: string;
  staged: string;
  size: number;
  /** sha1 of the bytes; absent when no record is kept (a one-off build without the cache). */
  hash?: string | undefined;
  /** The staged file's mtime, which a rename keeps; absent when no record is kept. */
  mtimeMs?: number | undefined;
}

export interface StageFile {
  path: string;
  contents: string | Uint8Array;
}

/** Why staging failed: creating the staging folder itself (the --out cannot work), or a later write. */
export interface StageFailure {
  code: string;
  message: string;
  /** The system's reason ("no space left on device (ENOSPC)"), and the path it failed on. */
  reason?: string;
  path?: string;
  creatingFolder: boolean;
}

const failureOf = (error: unknown, target: string, creatingFolder: boolean): StageFailure => ({
  code: (error as NodeJS.ErrnoException).code ?? 'ERROR',
  message: (error as Error).message,
  reason: systemReason(error),
  path: (error as NodeJS.ErrnoException).path ?? target,
  creatingFolder,
});

/**
 * The staging folder itself, made on its own: a recursive mkdir says ENOENT where the system
 * said EROFS (a read-only file system). Another writer may have made it (the search index's).
 */
function makeStageFolder(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export class StageWriter {
  readonly #made = new Set<string>();
  #failure: StageFailure | null = null;

  constructor(
    readonly dir: string,
    /** Hash and stat each file, for the records of a build that keeps them. */
    readonly record: boolean,
  ) {}

  get failure(): StageFailure | null {
    return this.#failure;
  }

  /**
   * Stages one file (`knownHash`: its sha1, when the caller has it). After a failure it stages
   * nothing more: the build fails and discards the stage.
   */
  write(file: StageFile, knownHash?: string): StagedFile | null {
    if (this.#failure) return null;
    const target = path.join(this.dir, file.path);
    const relative = path.relative(this.dir, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      this.#failure = { code: 'OUTSIDE', message: `refusing to write "${file.path}": it is outside the output folder`, creatingFolder: false };
      return null;
    }
    const folder = path.dirname(target);
    try {
      if (!this.#made.has(folder)) {
        try {
          if (this.#made.size === 0) makeStageFolder(this.dir);
          mkdirSync(folder, { recursive: true });
        } catch (error) {
          // The first folder made is the staging folder: when it cannot be, neither can the output's.
          if (this.#made.size === 0) this.#failure = failureOf(error, folder, true);
          throw error;
        }
        this.#made.add(folder);
      }
      const bytes = typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents;
      const fd = openSync(target, 'w');
      let mtimeMs: number | undefined;
      try {
        for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done);
        if (this.record) mtimeMs = fstatSync(fd).mtimeMs;
      } finally {
        closeSync(fd);
      }
      const hash = knownHash ?? (this.record ? createHash('sha1').update(bytes).digest('hex') : undefined);
      return { path: file.path, staged: target, size: bytes.byteLength, hash, mtimeMs };
    } catch (error) {
      this.#failure ??= failureOf(error, target, false);
      return null;
    }
  }
}

// The output folder, updated in place: a file is written only when its bytes changed, and every
// file the new output does not have (a page of deleted content) is removed. The caller renders
// everything before calling this, so a build that fails writes nothing at all. Nothing is written
// outside the output folder, and a folder digest did not make is never touched.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputRecord } from '../cache/build-cache.js';
import { isInside } from '../load/load-content.js';

/** Marks a folder as made by digest, so a mistyped --out never replaces an editor's folder. */
export const OUTPUT_MARKER = '.digest-output';

export class UnsafeOutputError extends Error {}

export interface OutputFile {
  /** Relative to the output folder, '/'-separated. */
  path: string;
  contents: string | Uint8Array;
}

/** An output file whose bytes wait in a staging file (see OutputStage). */
export interface StagedFile {
  path: string;
  staged: string;
  hash: string;
  size: number;
}

export interface WriteOutputOptions {
  outDir: string;
  /** Folders the output must never replace or contain (the site root, content/). */
  protectedDirs: readonly string[];
  /** Folders the build reads from (content/, templates/, public/): the output must not be inside one. */
  sourceDirs?: readonly string[] | undefined;
  /** Files of the new output with their bytes: written unless the file already has them. */
  files: Iterable<OutputFile | StagedFile>;
  /** Files of the new output known to be on disk as recorded (not rendered again). */
  kept?: Iterable<string> | undefined;
  /** What the last write recorded for this folder; null: unknown, so the folder is read instead. */
  previous?: ReadonlyMap<string, OutputRecord> | null | undefined;
}

export interface WriteOutputResult {
  /** Files written because their bytes changed or they were new. */
  written: number;
  bytes: number;
  /** Files whose bytes were already there. */
  unchanged: number;
  deleted: number;
  /** Output files written or removed, relative to the output folder (live reload). */
  changed: string[];
  /** Every file of the output now, for the next build. */
  records: Map<string, OutputRecord>;
}

const PARALLEL_WRITES = 16;

export async function writeOutput(options: WriteOutputOptions): Promise<WriteOutputResult> {
  const outDir = path.resolve(options.outDir);
  await assertSafeOutDir(outDir, options.protectedDirs, options.sourceDirs ?? []);
  const files = [...options.files];
  for (const file of files) {
    const target = path.resolve(outDir, file.path);
    if (!isInside(outDir, target) || target === outDir || file.path === OUTPUT_MARKER) {
      throw new UnsafeOutputError(`refusing to write "${file.path}": it is outside the output folder`);
    }
  }
  const markerPath = path.join(outDir, OUTPUT_MARKER);
  try {
    await mkdir(outDir, { recursive: true });
    if (!existsSync(markerPath)) await writeFile(markerPath, 'This folder is written by `digest build`; files it did not write here are deleted.\n');
  } catch (error) {
    // A file where a folder should be, or no permission: the --out given cannot work.
    throw new UnsafeOutputError(`cannot create the output folder ${outDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; choose another --out`);
  }

  const previous = options.previous ?? null;
  const records = new Map<string, OutputRecord>();
  for (const kept of options.kept ?? []) {
    const record = previous?.get(kept);
    if (record) records.set(kept, record);
  }
  let written = 0;
  let bytes = 0;
  let unchanged = 0;
  const changed: string[] = [];
  const made = new Set<string>();
  const writeOne = async (file: OutputFile | StagedFile): Promise<void> => {
    const staged = 'staged' in file ? file : null;
    const contents = staged ? null : typeof (file as OutputFile).contents === 'string' ? Buffer.from((file as OutputFile).contents) : ((file as OutputFile).contents as Uint8Array);
    const hash = staged ? staged.hash : createHash('sha1').update(contents!).digest('hex');
    const size = staged ? staged.size : contents!.byteLength;
    const target = path.join(outDir, file.path);
    const onDisk = await stat(target).catch(() => null);
    const record = previous?.get(file.path);
    const sameBytes = async (): Promise<boolean> => {
      const existing = await readFile(target);
      return staged ? createHash('sha1').update(existing).digest('hex') === hash : Buffer.from(contents!.buffer, contents!.byteOffset, contents!.byteLength).equals(existing);
    };
    const same = onDisk?.isFile()
      ? record
        ? record.hash === hash && record.size === onDisk.size && record.mtimeMs === onDisk.mtimeMs
        : onDisk.size === size && (await sameBytes())
      : false;
    if (same && onDisk) {
      unchanged++;
      records.set(file.path, { hash, size: onDisk.size, mtimeMs: onDisk.mtimeMs });
      if (staged) await rm(staged.staged, { force: true });
      return;
    }
    if (onDisk?.isDirectory()) await rm(target, { recursive: true, force: true });
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    if (staged) await rename(staged.staged, target);
    else await writeFile(target, contents!);
    const after = await stat(target);
    records.set(file.path, { hash, size: after.size, mtimeMs: after.mtimeMs });
    written++;
    bytes += size;
    changed.push(file.path);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_WRITES }, async () => {
      while (next < files.length) await writeOne(files[next++]!);
    }),
  );

  // Whatever the new output does not have goes: from the record when there is one, else by a walk.
  const stale = previous ? [...previous.keys()].filter((file) => !records.has(file)) : (await listFiles(outDir)).filter((file) => file !== OUTPUT_MARKER && !records.has(file));
  for (const file of stale) {
    const target = path.resolve(outDir, file);
    if (isInside(outDir, target) && target !== outDir) await rm(target, { force: true });
  }
  await removeEmptyFolders(outDir, stale);
  changed.push(...stale);
  changed.sort();
  return { written, bytes, unchanged, deleted: stale.length, changed, records };
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The folders of deleted files, deepest first, when nothing is left in them. */
async function removeEmptyFolders(outDir: string, deleted: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of deleted) {
    for (let dir = path.posix.dirname(file); dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) folders.add(dir);
  }
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) {
    await rmdir(path.join(outDir, dir)).catch(() => undefined);
  }
}

/** Refuses an output folder that holds the site, sits in content/, or is someone else's folder. */
export async function assertSafeOutDir(outDir: string, protectedDirs: readonly string[], sourceDirs: readonly string[] = []): Promise<void> {
  for (const dir of protectedDirs.map((d) => path.resolve(d))) {
    if (isInside(outDir, dir)) throw new UnsafeOutputError(`refusing to write the site to ${outDir}: it contains ${dir}; choose another --out`);
    if (isInside(dir, outDir) && path.basename(dir) === 'content') throw new UnsafeOutputError(`refusing to write the site inside ${dir}; choose another --out`);
  }
  for (const dir of sourceDirs.map((d) => path.resolve(d))) {
    if (isInside(dir, outDir)) throw new UnsafeOutputError(`refusing to write the site inside ${dir}, which the build reads from; choose another --out`);
  }
  if (!existsSync(outDir)) return;
  if (!(await stat(outDir)).isDirectory()) throw new UnsafeOutputError(`refusing to write the site to ${outDir}: it is a file, not a folder; choose another --out`);
  const names = await readdir(outDir);
  if (names.length > 0 && !names.includes(OUTPUT_MARKER)) {
    throw new UnsafeOutputError(`refusing to replace ${outDir}: it is not empty and was not made by digest; choose another --out or empty it first`);
  }
}

/** Which recorded output files are still on disk exactly as recorded (same size and mtime). */
export function intactOutputs(outDir: string, records: ReadonlyMap<string, OutputRecord>, paths: Iterable<string>): Set<string> {
  const intact = new Set<string>();
  // Synchronous: thousands of stats in a row are several times faster than awaiting each.
  for (const file of paths) {
    const record = records.get(file);
    if (!record) continue;
    const info = statSync(path.join(outDir, file), { throwIfNoEntry: false });
    if (info?.isFile() && info.size === record.size && info.mtimeMs === record.mtimeMs) intact.add(file);
  }
  return intact;
}

/**
 * Where rendered pages wait until every page is rendered (a build that fails writes nothing):
 * in memory up to a budget, then in files of a staging folder beside the output folder, so an
 * archive's 200 MB of pages never sit in memory at once. writeOutput moves staged files into
 * place; discard() removes what is left.
 */
export class OutputStage {
  readonly files: (OutputFile | StagedFile)[] = [];
  #held = 0;
  #count = 0;
  readonly #dir: string;

  constructor(
    outDir: string,
    readonly budgetBytes = 64 * 1024 * 1024,
  ) {
    this.#dir = `${path.resolve(outDir)}.tmp-${process.pid}`;
  }

  add(file: OutputFile): void {
    const contents = typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents;
    if (this.#held + contents.byteLength <= this.budgetBytes) {
      this.#held += contents.byteLength;
      this.files.push({ path: file.path, contents });
      return;
    }
    if (this.#count === 0) {
      rmSync(this.#dir, { recursive: true, force: true });
      mkdirSync(this.#dir, { recursive: true });
    }
    const staged = path.join(this.#dir, String(this.#count++));
    writeFileSync(staged, contents);
    this.files.push({ path: file.path, staged, hash: createHash('sha1').update(contents).digest('hex'), size: contents.byteLength });
  }

  discard(): void {
    if (this.#count > 0) rmSync(this.#dir, { recursive: true, force: true });
  }
}

// The output folder, updated in place: a file is written only when its bytes changed, and every
// file the new output does not have (a page of deleted content) is removed. The caller renders
// everything before calling this, so a build that fails writes nothing at all. Nothing is written
// outside the output folder, and a folder digest did not make is never touched. A first build
// (no output folder yet) makes its staging folder the output folder, in one rename.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../load/load-content.js';
import type { OutputFile } from '../render/output-file.js';
import { onDiskAsRecorded } from './on-disk.js';
import type { OutputRecord } from './output-record.js';
import type { StagedFile } from './stage-writer.js';

export type { StagedFile } from './stage-writer.js';
export type { OutputFile } from '../render/output-file.js';

/** Marks a folder as made by digest, so a mistyped --out never replaces an editor's folder. */
export const OUTPUT_MARKER = '.digest-output';
const MARKER_TEXT = 'This folder is written by `digest build`; files it did not write here are deleted.\n';

export class UnsafeOutputError extends Error {}

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
  /**
   * The staging folder (OutputStage.dir) where the staged files sit at their own paths. When the
   * output folder does not exist yet, the other files join them there and the staging folder
   * becomes the output folder.
   */
  stage?: string | undefined;
  /**
   * Whether the records returned are kept for a later build (default true). A one-off build
   * without the cache keeps none: its records then hold sizes only, with a hash ('') and an
   * mtime (-1) that match no file, so that no later build could trust them.
   */
  record?: boolean | undefined;
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
/** In records that are not kept (see WriteOutputOptions.record). */
const NO_HASH = '';
const NO_MTIME = -1;

const sha1 = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');
const bytesOf = (contents: string | Uint8Array): Uint8Array => (typeof contents === 'string' ? Buffer.from(contents) : contents);

/** Runs `work` on every item, PARALLEL_WRITES at a time. */
async function eachInParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function writeOutput(options: WriteOutputOptions): Promise<WriteOutputResult> {
  const outDir = path.resolve(options.outDir);
  await assertSafeOutDir(outDir, options.protectedDirs, options.sourceDirs ?? []);
  let files = [...options.files];
  for (const file of files) {
    const target = path.resolve(outDir, file.path);
    if (!isInside(outDir, target) || target === outDir || file.path === OUTPUT_MARKER) {
      throw new UnsafeOutputError(`refusing to write "${file.path}": it is outside the output folder`);
    }
  }
  const record = options.record ?? true;
  const previous = options.previous ?? null;
  const kept = [...(options.kept ?? [])];
  if (options.stage !== undefined && kept.length === 0 && !existsSync(outDir)) {
    const stage = path.resolve(options.stage);
    try {
      await mkdir(stage, { recursive: true });
    } catch (error) {
      throw cannotCreate(outDir, error);
    }
    const inStage = await gatherInStage(stage, files, record);
    const moved = await replaceWithStage(outDir, stage);
    if (moved) {
      const records = new Map<string, OutputRecord>();
      let bytes = 0;
      for (const file of inStage) {
        records.set(file.path, { hash: file.hash ?? NO_HASH, size: file.size, mtimeMs: file.mtimeMs ?? NO_MTIME });
        bytes += file.size;
      }
      // Recorded files are not there (no output folder): gone all the same.
      const stale = previous ? [...previous.keys()].filter((file) => !records.has(file)) : [];
      const changed = [...records.keys(), ...stale].sort();
      return { written: records.size, bytes, unchanged: 0, deleted: stale.length, changed, records };
    }
    // Another process made the output folder meanwhile: in place file by file, as below.
    files = inStage;
  }
  const markerPath = path.join(outDir, OUTPUT_MARKER);
  try {
    await mkdir(outDir, { recursive: true });
    if (!existsSync(markerPath)) await writeFile(markerPath, MARKER_TEXT);
  } catch (error) {
    throw cannotCreate(outDir, error);
  }

  const records = new Map<string, OutputRecord>();
  for (const file of kept) {
    const recorded = previous?.get(file);
    if (recorded) records.set(file, recorded);
  }
  let written = 0;
  let bytes = 0;
  let unchanged = 0;
  const changed: string[] = [];
  const made = new Set<string>();
  const writeOne = async (file: OutputFile | StagedFile): Promise<void> => {
    const staged = 'staged' in file ? file : null;
    const contents = staged ? null : bytesOf((file as OutputFile).contents);
    const recorded = previous?.get(file.path);
    // A hash is needed for the record kept, or to compare with the one recorded.
    const hash = staged ? staged.hash : record || recorded ? sha1(contents!) : undefined;
    const size = staged ? staged.size : contents!.byteLength;
    const target = path.join(outDir, file.path);
    const onDisk = await stat(target).catch(() => null);
    const sameBytes = async (): Promise<boolean> => {
      const existing = await readFile(target);
      if (contents) return Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).equals(existing);
      return hash !== undefined ? sha1(existing) === hash : (await readFile(staged!.staged)).equals(existing);
    };
    const same = onDisk?.isFile()
      ? recorded && hash !== undefined
        ? recorded.hash === hash && recorded.size === onDisk.size && recorded.mtimeMs === onDisk.mtimeMs
        : onDisk.size === size && (await sameBytes())
      : false;
    if (same && onDisk) {
      // The staged copy goes with the staging folder.
      unchanged++;
      records.set(file.path, { hash: hash ?? NO_HASH, size: onDisk.size, mtimeMs: onDisk.mtimeMs });
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
    // A rename keeps the mtime the staged file had.
    const mtimeMs = staged?.mtimeMs ?? (record ? (await stat(target)).mtimeMs : NO_MTIME);
    records.set(file.path, { hash: hash ?? NO_HASH, size, mtimeMs });
    written++;
    bytes += size;
    changed.push(file.path);
  };
  await eachInParallel(files, writeOne);

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

function cannotCreate(outDir: string, error: unknown): UnsafeOutputError {
  // A file where a folder should be, or no permission: the --out given cannot work.
  return new UnsafeOutputError(`cannot create the output folder ${outDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; choose another --out`);
}

/**
 * Every file of the output in the staging folder at its own path: those staged elsewhere (the
 * search index of a background run) moved in, those in memory written. Returns them all as
 * staged there.
 */
async function gatherInStage(stage: string, files: readonly (OutputFile | StagedFile)[], record: boolean): Promise<StagedFile[]> {
  const inStage: StagedFile[] = [];
  const toMove: (OutputFile | StagedFile)[] = [];
  for (const file of files) {
    if ('staged' in file && file.staged === path.join(stage, file.path)) inStage.push(file);
    else toMove.push(file);
  }
  const made = new Set<string>();
  await eachInParallel(toMove, async (file) => {
    const target = path.join(stage, file.path);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    let staged: StagedFile;
    if ('staged' in file) {
      await rename(file.staged, target);
      staged = { ...file, staged: target };
    } else {
      const contents = bytesOf(file.contents);
      await writeFile(target, contents);
      staged = { path: file.path, staged: target, size: contents.byteLength, hash: record ? sha1(contents) : undefined };
    }
    if (record && staged.mtimeMs === undefined) staged.mtimeMs = (await stat(target)).mtimeMs;
    inStage.push(staged);
  });
  return inStage;
}

/** Makes the staging folder the output folder; false when the output folder exists by now. */
async function replaceWithStage(outDir: string, stage: string): Promise<boolean> {
  // The staging folder is beside the output folder: the folder they are in exists.
  try {
    await writeFile(path.join(stage, OUTPUT_MARKER), MARKER_TEXT);
  } catch (error) {
    throw cannotCreate(outDir, error);
  }
  // rename() would also replace an empty folder: a folder made meanwhile is someone else's.
  if (existsSync(outDir)) return false;
  return rename(stage, outDir).then(
    () => true,
    () => false,
  );
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
  for (const file of paths) {
    const record = records.get(file);
    if (record && onDiskAsRecorded(outDir, file, record)) intact.add(file);
  }
  return intact;
}

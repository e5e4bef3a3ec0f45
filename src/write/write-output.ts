// The output folder, updated in place: a file is written only when its bytes changed, and every
// file the new output does not have (a page of deleted content) is removed. The caller renders
// everything before calling this, so a build that fails writes nothing at all. Nothing is written
// outside the output folder, and a folder digest did not make is never touched. A first build
// (no output folder yet) makes its staging folder the output folder, in one rename.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../load/load-content.js';
import type { OutputFile } from '../render/output-file.js';
import { realPathOf } from '../load/real-path.js';
import { FolderCheck } from './folder-check.js';
import { onDiskAsRecorded } from './on-disk.js';
import { OutputJournal } from './output-journal.js';
import type { OutputRecord } from './output-record.js';
import { scratchDir } from './scratch-dirs.js';
import { isSystemFailure, OutputWriteError, systemReason } from './system-error.js';
import { UnsafeOutputError } from './unsafe-output.js';
import type { StagedFile } from './stage-writer.js';

export type { StagedFile } from './stage-writer.js';
export type { OutputFile } from '../render/output-file.js';

/** Marks a folder as made by digest, so a mistyped --out never replaces an editor's folder. */
export const OUTPUT_MARKER = '.digest-output';
const MARKER_TEXT = 'This folder is written by `digest build`; files it did not write here are deleted.\n';

export { UnsafeOutputError };

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

/**
 * Runs `work` on every item, PARALLEL_WRITES at a time. After a failure no item is started, and
 * it rejects (with the first failure) once those running have ended: nothing runs after it.
 */
async function eachInParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, async () => {
      while (next < items.length && !failure) {
        try {
          await work(items[next++]!);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
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
      // Not recursive for the stage itself: that would say ENOENT for EROFS.
      await mkdir(path.dirname(stage), { recursive: true });
      await mkdir(stage).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
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
  const records = new Map<string, OutputRecord>();
  for (const file of kept) {
    const recorded = previous?.get(file);
    if (recorded) records.set(file, recorded);
  }
  const check = new FolderCheck(outDir);
  for (const file of files) check.assertReal(file.path);
  // Which files have new bytes; the others are left as they are (their mtime kept).
  const toWrite: Pending[] = [];
  let unchanged = 0;
  await eachInParallel(files, async (file) => {
    const staged = 'staged' in file ? file : null;
    const contents = staged ? null : bytesOf((file as OutputFile).contents);
    const recorded = previous?.get(file.path);
    // A hash is needed for the record kept, or to compare with the one recorded.
    const hash = staged ? staged.hash : record || recorded ? sha1(contents!) : undefined;
    const size = staged ? staged.size : contents!.byteLength;
    const target = path.join(outDir, file.path);
    // lstat: a link in place of a file is replaced, never followed.
    const onDisk = await lstat(target).catch(() => null);
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
    } else {
      toWrite.push({ path: file.path, staged: staged?.staged, contents, hash, size, mtimeMs: staged?.mtimeMs });
    }
  });
  // Whatever the new output does not have goes: from the record when there is one, else by a walk.
  const writing = new Set(toWrite.map((pending) => pending.path));
  const stale = (previous ? [...previous.keys()] : (await listFiles(outDir)).filter((file) => file !== OUTPUT_MARKER)).filter((file) => !records.has(file) && !writing.has(file));
  for (const file of stale) check.assertReal(file);
  if (!existsSync(path.join(outDir, OUTPUT_MARKER))) toWrite.push({ path: OUTPUT_MARKER, contents: Buffer.from(MARKER_TEXT), size: MARKER_TEXT.length, marker: true });

  // Every change goes through the journal: all of them are made, or none is.
  const journal = new OutputJournal(scratchDir(outDir), outDir);
  let written = 0;
  let bytes = 0;
  const changed: string[] = [];
  try {
    await eachInParallel(stale, (file) => journal.remove(file));
    await eachInParallel(toWrite, async (file) => {
      let from = file.staged;
      let mtimeMs = file.mtimeMs;
      if (from === undefined) {
        from = journal.temporary();
        await writeFile(from, file.contents!);
        if (record) mtimeMs = (await stat(from)).mtimeMs;
      }
      // A rename keeps the mtime the file had.
      await journal.put(file.path, from);
      if (file.marker) return;
      records.set(file.path, { hash: file.hash ?? NO_HASH, size: file.size, mtimeMs: mtimeMs ?? NO_MTIME });
      written++;
      bytes += file.size;
      changed.push(file.path);
    });
    await removeEmptyFolders(outDir, stale);
  } catch (error) {
    await journal.rollBack().catch((failure: unknown) => {
      throw new OutputWriteError(`${describeFailure(error, outDir)}; and the output folder could not be put back (${describeFailure(failure, outDir)}); the next build tries again`);
    });
    if (isSystemFailure(error)) throw new OutputWriteError(`${describeFailure(error, outDir)}; the output folder is as it was`);
    throw error;
  }
  await journal.commit();
  changed.push(...stale);
  changed.sort();
  return { written, bytes, unchanged, deleted: stale.length, changed, records };
}

/** A file of the new output whose bytes are not in the output folder yet. */
interface Pending {
  path: string;
  /** Where its bytes are staged; else they are in `contents`. */
  staged?: string | undefined;
  contents?: Uint8Array | null;
  hash?: string | undefined;
  size: number;
  mtimeMs?: number | undefined;
  /** The .digest-output marker: written, not recorded. */
  marker?: boolean;
}

/** "cannot write <path>: <the system's reason>", naming the path in the output folder when the failure has one. */
function describeFailure(error: unknown, outDir: string): string {
  if (!isSystemFailure(error)) return error instanceof Error ? error.message : String(error);
  const { path: from, dest } = error as NodeJS.ErrnoException & { dest?: string };
  const where = [dest, from].find((candidate) => candidate !== undefined && isInside(outDir, candidate)) ?? from ?? dest ?? outDir;
  return `cannot write ${where}: ${systemReason(error)}`;
}

function cannotCreate(outDir: string, error: unknown): UnsafeOutputError {
  // A file where a folder should be, or no permission: the --out given cannot work.
  return new UnsafeOutputError(`cannot create the output folder ${outDir}: ${systemReason(error)}; choose another --out`);
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

/**
 * Refuses an output folder that holds the site, sits in content/, or is someone else's folder.
 * Compared where they really are: an --out through a link into content/ is inside content/.
 */
export async function assertSafeOutDir(outDir: string, protectedDirs: readonly string[], sourceDirs: readonly string[] = []): Promise<void> {
  const realOut = realPathOf(outDir);
  for (const dir of protectedDirs) {
    const real = realPathOf(dir);
    if (isInside(realOut, real)) throw new UnsafeOutputError(`refusing to write the site to ${outDir}: it contains ${dir}; choose another --out`);
    if (isInside(real, realOut) && path.basename(dir) === 'content') throw new UnsafeOutputError(`refusing to write the site inside ${dir}; choose another --out`);
  }
  for (const dir of sourceDirs) {
    if (isInside(realPathOf(dir), realOut)) throw new UnsafeOutputError(`refusing to write the site inside ${dir}, which the build reads from; choose another --out`);
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

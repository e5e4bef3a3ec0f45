// The output folder, updated in place: a file is written only when its bytes changed, and every
// file the new output does not have (a page of deleted content) is removed. The caller renders
// everything before calling this, so a build that fails writes nothing at all. Nothing is written
// outside the output folder, and a folder digest did not make is never touched.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
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

export interface WriteOutputOptions {
  outDir: string;
  /** Folders the output must never replace or contain (the site root, content/). */
  protectedDirs: readonly string[];
  /** Files of the new output with their bytes: written unless the file already has them. */
  files: Iterable<OutputFile>;
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
  /** Every file of the output now, for the next build. */
  records: Map<string, OutputRecord>;
}

const PARALLEL_WRITES = 16;

export async function writeOutput(options: WriteOutputOptions): Promise<WriteOutputResult> {
  const outDir = path.resolve(options.outDir);
  await assertSafeOutDir(outDir, options.protectedDirs);
  const files = [...options.files];
  for (const file of files) {
    const target = path.resolve(outDir, file.path);
    if (!isInside(outDir, target) || target === outDir || file.path === OUTPUT_MARKER) {
      throw new UnsafeOutputError(`refusing to write "${file.path}": it is outside the output folder`);
    }
  }
  await mkdir(outDir, { recursive: true });
  const markerPath = path.join(outDir, OUTPUT_MARKER);
  if (!existsSync(markerPath)) await writeFile(markerPath, 'This folder is written by `digest build`; files it did not write here are deleted.\n');

  const previous = options.previous ?? null;
  const records = new Map<string, OutputRecord>();
  for (const kept of options.kept ?? []) {
    const record = previous?.get(kept);
    if (record) records.set(kept, record);
  }
  let written = 0;
  let bytes = 0;
  let unchanged = 0;
  const made = new Set<string>();
  const writeOne = async (file: OutputFile): Promise<void> => {
    const contents = typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents;
    const hash = createHash('sha1').update(contents).digest('hex');
    const target = path.join(outDir, file.path);
    const onDisk = await stat(target).catch(() => null);
    const record = previous?.get(file.path);
    const same = onDisk?.isFile()
      ? record
        ? record.hash === hash && record.size === onDisk.size && record.mtimeMs === onDisk.mtimeMs
        : onDisk.size === contents.byteLength && Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).equals(await readFile(target))
      : false;
    if (same && onDisk) {
      unchanged++;
      records.set(file.path, { hash, size: onDisk.size, mtimeMs: onDisk.mtimeMs });
      return;
    }
    if (onDisk?.isDirectory()) await rm(target, { recursive: true, force: true });
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(target, contents);
    const after = await stat(target);
    records.set(file.path, { hash, size: after.size, mtimeMs: after.mtimeMs });
    written++;
    bytes += contents.byteLength;
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
  return { written, bytes, unchanged, deleted: stale.length, records };
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

async function assertSafeOutDir(outDir: string, protectedDirs: readonly string[]): Promise<void> {
  for (const dir of protectedDirs.map((d) => path.resolve(d))) {
    if (isInside(outDir, dir)) throw new UnsafeOutputError(`refusing to write the site to ${outDir}: it contains ${dir}; choose another --out`);
    if (isInside(dir, outDir) && path.basename(dir) === 'content') throw new UnsafeOutputError(`refusing to write the site inside ${dir}; choose another --out`);
  }
  if (!existsSync(outDir)) return;
  const names = await readdir(outDir);
  if (names.length > 0 && !names.includes(OUTPUT_MARKER)) {
    throw new UnsafeOutputError(`refusing to replace ${outDir}: it is not empty and was not made by digest; choose another --out or empty it first`);
  }
}

/** Which recorded output files are still on disk exactly as recorded (same size and mtime). */
export async function intactOutputs(outDir: string, records: ReadonlyMap<string, OutputRecord>, paths: Iterable<string>): Promise<Set<string>> {
  const intact = new Set<string>();
  const list = [...paths].filter((file) => records.has(file));
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_WRITES }, async () => {
      while (next < list.length) {
        const file = list[next++]!;
        const info = await stat(path.join(outDir, file)).catch(() => null);
        const record = records.get(file)!;
        if (info?.isFile() && info.size === record.size && info.mtimeMs === record.mtimeMs) intact.add(file);
      }
    }),
  );
  return intact;
}

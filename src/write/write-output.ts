// The output folder, written atomically: everything goes to a staging folder beside it, which
// replaces the old output only once complete. A failed build never touches the previous output,
// and a page of deleted content never lingers. Nothing is written outside the output folder.
// Given what the folder holds now (`previous`), a file whose bytes did not change is not written
// again: it is hard-linked into the staging folder, keeping its modification time.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
  /** Folders the output must not be written into either (content/, templates/, public/). */
  sourceDirs?: readonly string[] | undefined;
  files: Iterable<OutputFile>;
  /** Content hashes of the files in outDir, as returned by the last writeOutput to it. */
  previous?: ReadonlyMap<string, string> | undefined;
}

export interface WriteOutputResult {
  /** Files written because they are new or their bytes changed. */
  written: number;
  /** Bytes of the whole output. */
  bytes: number;
  /** Paths written or removed: what a browser showing them must reload. */
  changed: string[];
  /** Content hash of every file now in outDir: `previous` for the next write. */
  manifest: Map<string, string>;
}

export async function writeOutput(options: WriteOutputOptions): Promise<WriteOutputResult> {
  const outDir = path.resolve(options.outDir);
  await assertSafeOutDir(outDir, options.protectedDirs, options.sourceDirs ?? []);
  const stage = `${outDir}.tmp-${process.pid}`;
  try {
    await rm(stage, { recursive: true, force: true });
    await mkdir(stage, { recursive: true });
  } catch (error) {
    // A file where a folder should be, or no permission: the --out given cannot work.
    throw new UnsafeOutputError(`cannot create the output folder ${outDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; choose another --out`);
  }
  let written = 0;
  let bytes = 0;
  const changed: string[] = [];
  const manifest = new Map<string, string>();
  try {
    const made = new Set<string>();
    for (const file of options.files) {
      const target = path.resolve(stage, file.path);
      if (!isInside(stage, target) || target === stage) throw new UnsafeOutputError(`refusing to write "${file.path}": it is outside the output folder`);
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      bytes += typeof file.contents === 'string' ? Buffer.byteLength(file.contents) : file.contents.byteLength;
      const hash = createHash('sha1').update(file.contents).digest('hex');
      manifest.set(file.path, hash);
      if (options.previous?.get(file.path) === hash && (await linkUnchanged(path.join(outDir, file.path), target))) continue;
      await writeFile(target, file.contents);
      written++;
      changed.push(file.path);
    }
    for (const old of options.previous?.keys() ?? []) if (!manifest.has(old)) changed.push(old);
    await writeFile(path.join(stage, OUTPUT_MARKER), 'This folder is written by `digest build` and replaced on every build.\n');
    await swapIn(stage, outDir);
  } catch (error) {
    await rm(stage, { recursive: true, force: true });
    throw error;
  }
  return { written, bytes, changed, manifest };
}

/** false when the old file cannot be linked (gone, another file system): then it is written. */
async function linkUnchanged(existing: string, target: string): Promise<boolean> {
  try {
    await link(existing, target);
    return true;
  } catch {
    return false;
  }
}

async function swapIn(stage: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) await rename(outDir, old);
  try {
    await rename(stage, outDir);
  } catch (error) {
    if (existsSync(old)) await rename(old, outDir);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

async function assertSafeOutDir(outDir: string, protectedDirs: readonly string[], sourceDirs: readonly string[]): Promise<void> {
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

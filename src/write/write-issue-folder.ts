// A new issue folder (digest new, digest import), written only if it does not exist yet: an
// editor's folder is never overwritten, not even half. Nothing is written outside the folder.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../load/load-content.js';

export class FolderExistsError extends Error {}

export interface NewFile {
  /** File name inside the folder. */
  path: string;
  contents: string;
}

export async function writeIssueFolder(folder: string, files: readonly NewFile[]): Promise<void> {
  const targets = files.map((file) => {
    const target = path.resolve(folder, file.path);
    if (!isInside(folder, target) || target === path.resolve(folder)) throw new Error(`refusing to write "${file.path}": it is outside ${folder}`);
    return { target, contents: file.contents };
  });
  await mkdir(path.dirname(folder), { recursive: true });
  try {
    await mkdir(folder); // not recursive: fails if the folder exists, even if made a moment ago
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FolderExistsError(`${folder} exists already; refusing to overwrite it`);
    throw error;
  }
  try {
    for (const { target, contents } of targets) await writeFile(target, contents, { flag: 'wx' });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

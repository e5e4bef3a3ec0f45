// The files of an existing issue folder, for digest import to compare with what it would write.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** File name -> bytes; null for what is not a plain file (a folder, a link). Empty when the folder is missing. */
export async function readIssueFolder(folder: string): Promise<Map<string, Uint8Array | null>> {
  const files = new Map<string, Uint8Array | null>();
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
    throw error;
  }
  for (const name of names.sort()) {
    const file = path.join(folder, name);
    files.set(name, (await lstat(file)).isFile() ? await readFile(file) : null);
  }
  return files;
}

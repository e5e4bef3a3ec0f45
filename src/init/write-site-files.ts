// Writes a new site root's files, all or none: any file that is there already (a .gitignore
// aside, which gets the lines it lacks) stops it before anything is written.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteFile } from './site-files.js';

export class SiteExistsError extends Error {}

export async function writeSiteFiles(root: string, files: readonly SiteFile[]): Promise<void> {
  const taken = files.filter((file) => !file.merge && existsSync(path.join(root, file.path))).map((file) => file.path);
  if (taken.length > 0) throw new SiteExistsError(`${taken.join(', ')} ${taken.length === 1 ? 'exists' : 'exist'} already`);
  // Files and the first folder of each mkdir, removed again if a write fails.
  const created: string[] = [];
  const made = async (dir: string) => {
    const first = await mkdir(dir, { recursive: true });
    if (first) created.push(first);
  };
  try {
    await made(root);
    for (const file of files) {
      const target = path.join(root, file.path);
      await made(path.dirname(target));
      if (file.merge && existsSync(target)) {
        const text = await readFile(target, 'utf8');
        const have = new Set(text.split(/\r?\n/).map((line) => line.trim()));
        const missing = file.contents.split('\n').filter((line) => line !== '' && !have.has(line) && !have.has(`/${line}`));
        if (missing.length > 0) await appendFile(target, `${text === '' || text.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
        continue;
      }
      await writeFile(target, file.contents, { flag: 'wx' });
      created.push(target);
    }
  } catch (error) {
    for (const target of created.reverse()) await rm(target, { recursive: true, force: true });
    throw error;
  }
}

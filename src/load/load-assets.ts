// Static files for the output: the built-in public/ first, then the site's own public/, which
// overrides file by file. Issue images are read here too.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A static file for the output, with its path there ('css/site.css'). */
export interface PublicFile {
  path: string;
  contents: Uint8Array;
}

export const BUILTIN_PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

export async function loadPublicFiles(siteRoot: string): Promise<PublicFile[]> {
  const byPath = new Map<string, PublicFile>();
  for (const dir of [BUILTIN_PUBLIC, path.join(siteRoot, 'public')]) {
    if (!existsSync(dir)) continue;
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      const relative = path.relative(dir, absolute).split(path.sep).join('/');
      byPath.set(relative, { path: relative, contents: await readFile(absolute) });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

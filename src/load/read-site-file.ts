// content/site.yml alone, for commands that need the sections but not the content (new, import).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';

/** The site's site.yml as a VFile (path relative to the root), or null when there is none. */
export async function readSiteFile(root: string): Promise<VFile | null> {
  try {
    return new VFile({ path: 'content/site.yml', cwd: root, value: await readFile(path.join(root, 'content', 'site.yml'), 'utf8') });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

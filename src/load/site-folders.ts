// A site's own templates/ and public/, used only where they really are inside the site root: a
// folder that is a link to elsewhere would publish (or render with) files from outside it.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import { isInside } from './load-content.js';

export interface SiteFolder {
  /** The folder to read; null when there is none, or it is refused. */
  dir: string | null;
  /** Why it is refused (unsafe-path), on a file named after the folder. */
  problem: VFile | null;
}

export function siteFolder(root: string, name: 'templates' | 'public'): SiteFolder {
  const dir = path.join(root, name);
  if (!existsSync(dir)) return { dir: null, problem: null };
  const real = realpathSync(dir);
  if (isInside(realpathSync(root), real)) return { dir, problem: null };
  const problem = new VFile({ path: name, cwd: root });
  report(problem, 'error', `${name}/ is a symbolic link to ${real}, outside the site root; put the folder itself in the site root`, 'unsafe-path');
  return { dir: null, problem };
}

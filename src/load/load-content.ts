// content/ -> VFiles with paths relative to the site root. The only content-reading IO.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../diagnostics.js';

export interface LoadedContent {
  /** content/site.yml, or null when missing (reported on `problems`). */
  siteFile: VFile | null;
  /** Every other file under content/, sorted by path. */
  files: VFile[];
  /** Problems that belong to no content file (missing folder, unsafe link). */
  problems: VFile[];
}

/** Larger files are not digest content; reading them would only cost memory. */
export const MAX_CONTENT_BYTES = 8 * 1024 * 1024;

export async function loadContent(root: string): Promise<LoadedContent> {
  const contentDir = path.join(root, 'content');
  const problems: VFile[] = [];
  const files: VFile[] = [];
  let realContentDir: string;
  try {
    realContentDir = await realpath(contentDir);
  } catch {
    const file = new VFile({ path: 'content', cwd: root });
    report(file, 'error', `no content/ folder in ${root}; run this in a site root or pass --root DIR`, 'missing-config');
    return { siteFile: null, files, problems: [file] };
  }
  if (!(await stat(realContentDir)).isDirectory()) {
    const file = new VFile({ path: 'content', cwd: root });
    report(file, 'error', 'content is a file, not a folder; the site root needs a content/ folder holding site.yml and issues/', 'missing-config');
    return { siteFile: null, files, problems: [file] };
  }
  const unreadable = (file: VFile, error: unknown) => {
    report(file, 'error', `cannot read this file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions`, 'unreadable-file');
    problems.push(file);
  };
  for (const relative of await walk(contentDir, '', (relativeDir, error) => unreadable(contentFile(root, relativeDir), error))) {
    const absolute = path.join(contentDir, relative);
    const file = contentFile(root, relative);
    try {
      const info = await lstat(absolute);
      if (info.isSymbolicLink()) {
        const target = await realpath(absolute).catch(() => null);
        if (target === null || !isInside(realContentDir, target)) {
          report(file, 'error', 'this symbolic link leads outside content/ (or nowhere); replace it with the file itself', 'unsafe-path');
          problems.push(file);
          continue;
        }
        if (!(await stat(target)).isFile()) continue;
      }
      const size = info.isSymbolicLink() ? (await stat(absolute)).size : info.size;
      if (size > MAX_CONTENT_BYTES) {
        report(file, 'error', `file is ${(size / 1048576).toFixed(1)} MB, more than the ${MAX_CONTENT_BYTES / 1048576} MB a content file may have; split it or move it out of content/`, 'file-too-large');
        problems.push(file);
        continue;
      }
      file.value = await readFile(absolute);
    } catch (error) {
      unreadable(file, error);
      continue;
    }
    files.push(file);
  }
  const siteIndex = files.findIndex((file) => file.path === 'content/site.yml');
  if (siteIndex === -1) {
    // A site.yml that is there but refused (too large, a link out of content/) has its message.
    if (problems.some((problem) => problem.path === 'content/site.yml')) return { siteFile: null, files, problems };
    const file = new VFile({ path: 'content/site.yml', cwd: root });
    report(file, 'error', 'content/site.yml is missing; create it with title, url and sections (see README)', 'missing-config');
    problems.push(file);
    return { siteFile: null, files, problems };
  }
  const [siteFile] = files.splice(siteIndex, 1);
  return { siteFile: siteFile ?? null, files, problems };
}

function contentFile(root: string, relative: string): VFile {
  return new VFile({ path: path.posix.join('content', relative.split(path.sep).join('/')), cwd: root });
}

/**
 * Relative paths of all files and links below `dir`, sorted, skipping dot-files (.DS_Store,
 * .git). Sockets and FIFOs are not files to read. A folder that cannot be listed goes to `failed`.
 */
async function walk(dir: string, prefix: string, failed: (relativeDir: string, error: unknown) => void): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    failed(prefix, error);
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) result.push(...(await walk(dir, relative, failed)));
    else if (entry.isFile() || entry.isSymbolicLink()) result.push(relative);
  }
  return result;
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

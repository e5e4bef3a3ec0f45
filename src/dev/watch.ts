// What `digest dev` watches: the site root's content/ (site.yml included), templates/ and
// public/, also when they are created or replaced later. Dot-files (editor swap files, .git)
// are ignored, as the build ignores them.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export const WATCHED_FOLDERS = ['content', 'templates', 'public'] as const;

export interface SiteWatcher {
  close(): Promise<void>;
}

/** Calls `onChange` with the changed path, relative to the root ('/'-separated), for every file or folder added, changed or removed. */
export async function watchSite(root: string, onChange: (relativePath: string) => void, onError: (error: unknown) => void): Promise<SiteWatcher> {
  const base = path.resolve(root);
  const watched = WATCHED_FOLDERS.map((folder) => path.join(base, folder));
  const ignored = (file: string): boolean => {
    const absolute = path.resolve(file);
    if (absolute === base) return false;
    if (!watched.some((folder) => absolute === folder || absolute.startsWith(folder + path.sep))) return true;
    return path.relative(base, absolute).split(path.sep).some((part) => part.startsWith('.'));
  };
  // The root is watched (not the folders themselves) so that a folder created, deleted or
  // renamed as a whole is noticed too.
  const watcher: FSWatcher = watch(base, { ignored, ignoreInitial: true, persistent: true });
  watcher.on('all', (_event, file) => onChange(path.relative(base, file).split(path.sep).join('/')));
  watcher.on('error', onError);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { close: () => watcher.close() };
}

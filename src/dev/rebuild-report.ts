// What digest dev prints after a rebuild: the messages of the files the change touched and every
// error, in full; the warnings of the other files only counted. An archive with hundreds of
// warnings (short region names in old issues, say) would otherwise print them all on every save,
// burying the one that matters, and hold up the page while they are formatted.
import type { VFile } from 'vfile';

export interface RebuildReport {
  /** The files whose messages are printed. */
  shown: VFile[];
  /** Warnings in the other files. */
  otherWarnings: number;
}

/**
 * `changes`: the paths (relative to the site root, '/'-separated) the watcher reported; none for
 * the first build, whose report is every message.
 */
export function rebuildReport(files: readonly VFile[], changes: readonly string[]): RebuildReport {
  if (changes.length === 0) return { shown: [...files], otherWarnings: 0 };
  const touched = (file: VFile) => changes.some((change) => file.path === change || file.path.startsWith(`${change}/`));
  const shown: VFile[] = [];
  let otherWarnings = 0;
  for (const file of files) {
    if (file.messages.length === 0) continue;
    if (touched(file) || file.messages.some((message) => message.fatal === true)) shown.push(file);
    else otherWarnings += file.messages.length;
  }
  return { shown, otherWarnings };
}

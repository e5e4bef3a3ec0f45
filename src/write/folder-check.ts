// The folders inside the output folder that a write or a removal goes through must be folders,
// never symbolic links: a link planted there (dist/issues -> /elsewhere) would take the write to
// wherever it leads. Checked once per folder and write.
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { UnsafeOutputError } from './unsafe-output.js';

export class FolderCheck {
  readonly #checked = new Set<string>();

  constructor(readonly outDir: string) {}

  /** Throws UnsafeOutputError when a folder on the way to `relative` (a file) is a link. */
  assertReal(relative: string): void {
    const parts = relative.split('/').slice(0, -1);
    let dir = '';
    for (const part of parts) {
      dir = dir === '' ? part : `${dir}/${part}`;
      if (this.#checked.has(dir)) continue;
      const absolute = path.join(this.outDir, dir);
      const info = lstatSync(absolute, { throwIfNoEntry: false });
      // Not there (made by the write), or a file (a stale one, moved away first): nothing below to follow.
      if (!info || (!info.isDirectory() && !info.isSymbolicLink())) return;
      if (info.isSymbolicLink()) {
        throw new UnsafeOutputError(`refusing to write through ${absolute}: it is a symbolic link (to ${readlinkSync(absolute)}); remove it, the output folder is digest's own`);
      }
      this.#checked.add(dir);
    }
  }
}

// How large a content file may be: load/ refuses larger files before reading them, and
// digest import refuses to write them. Pure.
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';

/** Larger files are not digest content; reading them would only cost memory. */
export const MAX_CONTENT_BYTES = 8 * 1024 * 1024;

/** Reports `file` as too large when `size` (bytes) is over the limit; true when it was. */
export function reportTooLarge(file: VFile, size: number): boolean {
  if (size <= MAX_CONTENT_BYTES) return false;
  report(file, 'error', `file is ${(size / 1048576).toFixed(1)} MB, more than the ${MAX_CONTENT_BYTES / 1048576} MB a content file may have; split it or move it out of content/`, 'file-too-large');
  return true;
}

// A content file with what parsing made of it: the record the parse step hands to validation.
import type { VFile } from 'vfile';
import type { ParsedDocument } from './parse-document.js';

export interface ContentFile {
  file: VFile;
  /** null for files that are not Markdown (assets, unknown files). */
  parsed: ParsedDocument | null;
}

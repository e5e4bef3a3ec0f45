// duplicate-slug, duplicate-order: two entries of one issue may share neither.
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import { ENTRY_FILE_NAME } from '../validate-entry.js';

export function checkDuplicateEntries(entries: readonly { file: VFile; fileName: string }[]): void {
  const bySlug = new Map<string, string>();
  const byOrder = new Map<string, string>();
  for (const { file, fileName } of entries) {
    const name = ENTRY_FILE_NAME.exec(fileName);
    if (!name) continue;
    const [, order = '', slug = ''] = name;
    const sameSlug = bySlug.get(slug);
    if (sameSlug) report(file, 'error', `slug "${slug}" is already used by ${sameSlug} in this issue; each entry needs its own anchor, rename one file`, 'duplicate-slug');
    else bySlug.set(slug, fileName);
    const sameOrder = byOrder.get(String(Number(order)));
    if (sameOrder) report(file, 'error', `order number ${order} is already used by ${sameOrder} in this issue; renumber one of them`, 'duplicate-order');
    else byOrder.set(String(Number(order)), fileName);
  }
}

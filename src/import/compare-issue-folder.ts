// An existing issue folder against the files an import would write: what differs. Pure.
import type { IssueFile } from './issue-files.js';

/** What differs, one phrase a file ("01-foo.md differs"); empty when the folder holds exactly `planned`. */
export function folderDifferences(existing: ReadonlyMap<string, Uint8Array | null>, planned: readonly IssueFile[]): string[] {
  const encoder = new TextEncoder();
  const differences: string[] = [];
  for (const file of planned) {
    const bytes = existing.get(file.path);
    if (bytes === undefined) differences.push(`${file.path} is missing`);
    else if (bytes === null || !sameBytes(bytes, encoder.encode(file.contents))) differences.push(`${file.path} differs`);
  }
  const names = new Set(planned.map((file) => file.path));
  for (const name of existing.keys()) if (!names.has(name)) differences.push(`${name} is not from this page`);
  return differences;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

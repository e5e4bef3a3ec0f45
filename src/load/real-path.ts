// Where a path really is, links resolved, even when it does not exist yet: the real path of its
// nearest existing folder, with the rest of the path below it. What folder checks compare.
import { realpathSync } from 'node:fs';
import path from 'node:path';

export function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  for (let dir = absolute; ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync(dir), ...rest.reverse());
    } catch {
      // Missing (or a dangling link, which a write would create): look one folder up.
      if (path.dirname(dir) === dir) return absolute;
      rest.push(path.basename(dir));
    }
  }
}

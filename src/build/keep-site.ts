// Whether a run may keep the site (and pages) its builder made last: when the content changed
// since only in entry bodies, the model is the same, since it holds no bodies (they are read
// through the run's BodyStore). Pure.
import type { Entry, Site } from '../model/types.js';
import { classifyContentPath } from '../parse/classify.js';
import type { ValidIssue } from '../validate/records.js';

/** `changedPaths`: content paths changed since `previous` was made from the same site.yml and options. */
export function keepsSite(previous: Site, issues: readonly ValidIssue[], changedPaths: ReadonlySet<string>): boolean {
  const issueById = new Map(issues.map((issue) => [issue.fields.id, issue]));
  for (const changed of changedPaths) {
    const kind = classifyContentPath(changed);
    if (kind.kind !== 'entry') return false;
    const before = previous.issueById.get(kind.folderName)?.entries.find((entry) => entry.sourcePath === changed);
    const after = issueById.get(kind.folderName)?.entries.find((entry) => entry.sourcePath === changed);
    if (!before || !after || !sameFields(before, after)) return false;
  }
  return true;
}

function sameFields(a: Entry, b: Entry): boolean {
  const keys = Object.keys(a) as (keyof Entry)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((value, index) => value === y[index]);
    return x === y;
  });
}

// duplicate-issue-number: issue numbers are unique across the archive.
import { report } from '../../diagnostics.js';
import type { ValidIssue } from '../records.js';

export function checkDuplicateIssueNumbers(issues: readonly ValidIssue[]): void {
  const byNumber = new Map<number, string>();
  for (const issue of issues) {
    const { number, id, numberPlace } = issue.fields;
    if (number === null || !issue.indexFile) continue;
    const first = byNumber.get(number);
    if (first) report(issue.indexFile, 'error', `issue number ${number} is already used by the issue ${first}; give this issue its own number`, 'duplicate-issue-number', numberPlace);
    else byNumber.set(number, id);
  }
}

// overlapping-issues: one week, one issue. `issues` are sorted by start.
import { report } from '../../diagnostics.js';
import type { ValidIssue } from '../records.js';

export function checkOverlappingIssues(issues: readonly ValidIssue[]): void {
  for (let i = 1; i < issues.length; i++) {
    const previous = issues[i - 1]!.fields;
    const current = issues[i]!;
    if (current.fields.start <= previous.end) {
      report(current.anchorFile, 'error', `this issue (${current.fields.start} to ${current.fields.end}) overlaps the issue ${previous.id} (${previous.start} to ${previous.end}); fix the folder name or the \`end\` of ${previous.id}`, 'overlapping-issues');
    }
  }
}

// Content problems are vfile messages: collected on their file, reported all at once.
import type { VFile } from 'vfile';
import type { RuleId } from './rule-catalogue.js';

export interface Place {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

/** A problem of the whole file (its name, its encoding) is placed at 1:1, where editors and CI annotate files. */
export function report(file: VFile, severity: Severity, reason: string, ruleId: RuleId, place: Place = { line: 1, column: 1 }): void {
  const message = file.message(reason, { place, ruleId, source: 'digest' });
  message.fatal = severity === 'error';
}

export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true));
}

// Messages -> what the editor reads: text (like vfile-reporter), json, or GitHub annotations.
// Files are listed by path and messages by position, so a report reads the same on every run.
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';

export type ReportFormat = 'text' | 'json' | 'github';

export interface ReportOptions {
  color?: boolean | undefined;
  /**
   * Prefix of file paths in GitHub annotations: the site root relative to the workflow's working
   * folder ('' when they are the same), so annotations land on the right file of the repository.
   */
  annotationPrefix?: string | undefined;
}

export function formatReport(files: readonly VFile[], format: ReportFormat, options: ReportOptions = {}): string {
  const withMessages = files
    .filter((file) => file.messages.length > 0)
    .sort((a, b) => compare(a.path, b.path));
  if (format === 'json') {
    const messages = withMessages.flatMap((file) =>
      sortedMessages(file).map((message) => ({
        file: file.path,
        line: message.line ?? null,
        column: message.column ?? null,
        severity: message.fatal ? 'error' : 'warning',
        ruleId: message.ruleId ?? null,
        message: message.reason,
      })),
    );
    return `${JSON.stringify(messages, null, 2)}\n`;
  }
  if (format === 'github') {
    const prefix = options.annotationPrefix ? `${options.annotationPrefix.replace(/\/$/, '')}/` : '';
    return withMessages
      .flatMap((file) =>
        sortedMessages(file).map((message) => {
          const level = message.fatal ? 'error' : 'warning';
          const place = [`file=${escapeProperty(prefix + file.path)}`, message.line ? `line=${message.line}` : '', message.column ? `col=${message.column}` : '']
            .filter(Boolean)
            .join(',');
          return `::${level} ${place}::${escapeData(`${message.reason} (${message.ruleId ?? 'digest'})`)}\n`;
        }),
      )
      .join('');
  }
  if (withMessages.length === 0) return '';
  return `${reporter(withMessages as VFile[], { color: options.color ?? false })}\n`;
}

function sortedMessages(file: VFile): VFileMessage[] {
  return [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compare(a.ruleId ?? '', b.ruleId ?? ''));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

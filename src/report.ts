// Messages -> what the editor reads: text (like vfile-reporter), json, or GitHub annotations.
import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';

export type ReportFormat = 'text' | 'json' | 'github';

export function formatReport(files: readonly VFile[], format: ReportFormat, options: { color?: boolean } = {}): string {
  const withMessages = files.filter((file) => file.messages.length > 0);
  if (format === 'json') {
    const messages = withMessages.flatMap((file) =>
      file.messages.map((message) => ({
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
    return withMessages
      .flatMap((file) =>
        file.messages.map((message) => {
          const level = message.fatal ? 'error' : 'warning';
          const place = [`file=${escapeProperty(file.path)}`, message.line ? `line=${message.line}` : '', message.column ? `col=${message.column}` : '']
            .filter(Boolean)
            .join(',');
          return `::${level} ${place},title=${escapeProperty(message.ruleId ?? 'digest')}::${escapeData(message.reason)}\n`;
        }),
      )
      .join('');
  }
  if (withMessages.length === 0) return '';
  return `${reporter(withMessages as VFile[], { color: options.color ?? false })}\n`;
}

// GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// The files an import is about to write, checked as `digest check` checks them on disk: the same
// size limit, parser and per-file validation (src/validate/). Each problem is reported on the page,
// at the line the file (or its frontmatter key) was read from. Pure.
import { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { reportTooLarge } from '../load/content-limits.js';
import { parseDocument, type ParsedDocument } from '../parse/parse-document.js';
import type { RuleId } from '../rule-catalogue.js';
import { validateContent } from '../validate/validate-content.js';
import type { IssueFile } from './issue-files.js';

export interface CheckIssueFilesOptions {
  /** The page the files are made from: problems are reported on it. */
  page: VFile;
  files: readonly IssueFile[];
  /** The issue folder relative to the issues folder: 2022/2022-11-21. */
  folder: string;
  config: SiteConfig;
}

/** A rule's problems are shown for this many files; the rest are counted in one message. */
const SHOWN_PER_RULE = 5;

/** True when check would accept every file (warnings allowed). */
export function checkIssueFiles({ page, files, folder, config }: CheckIssueFilesOptions): boolean {
  const encoder = new TextEncoder();
  const checked = files.map((issueFile) => {
    const bytes = encoder.encode(issueFile.contents);
    const file = new VFile({ path: `content/issues/${folder}/${issueFile.path}`, value: bytes });
    // As load/ does: a file over the limit is not read any further.
    const parsed = reportTooLarge(file, bytes.byteLength) ? null : parseDocument(bytes);
    return { issueFile, file, parsed };
  });
  validateContent(config, checked.map(({ file, parsed }) => ({ file, parsed })));

  let ok = true;
  /** Per severity and rule: how many files have it, and the line of the first not shown. */
  const seen = new Map<string, { count: number; hiddenLine: number }>();
  for (const { issueFile, file, parsed } of checked) {
    for (const message of file.messages) {
      if (message.fatal === null || message.fatal === undefined) continue;
      ok &&= !message.fatal;
      const ruleId = (message.ruleId ?? 'invalid-field') as RuleId;
      const line = pageLine(issueFile, parsed, message.line);
      const key = `${message.fatal}:${ruleId}`;
      const counted = seen.get(key) ?? { count: 0, hiddenLine: line };
      seen.set(key, counted);
      if (++counted.count > SHOWN_PER_RULE) {
        if (counted.count === SHOWN_PER_RULE + 1) counted.hiddenLine = line;
        continue;
      }
      const reason = `${issueFile.path}, as the import would write it, ${message.fatal ? 'fails' : 'gets a warning from'} digest check: ${message.reason}`;
      report(page, message.fatal ? 'error' : 'warning', reason, ruleId, { line, column: 1 });
    }
  }
  for (const [key, { count, hiddenLine: line }] of seen) {
    if (count <= SHOWN_PER_RULE) continue;
    const [fatal, ruleId] = key.split(':') as [string, RuleId];
    report(page, fatal === 'true' ? 'error' : 'warning', `${count - SHOWN_PER_RULE} more files of this issue have the problem ${ruleId} too`, ruleId, { line, column: 1 });
  }
  return ok;
}

/** The page line of a message at `line` of the written file: its frontmatter key's, or the file's. */
function pageLine(issueFile: IssueFile, parsed: ParsedDocument | null, line: number | undefined): number {
  if (parsed && line !== undefined && line <= parsed.frontmatterEndLine) {
    for (const [key, place] of Object.entries(parsed.places)) {
      const keyLine = issueFile.keyLines[key.split('.')[0]!];
      if (place.line === line && keyLine !== undefined) return keyLine;
    }
  }
  return issueFile.line;
}

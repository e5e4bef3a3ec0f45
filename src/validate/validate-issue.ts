// One issue folder's index.md: folder name, year folder, schema. Returns the issue's fields.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import { addDays, monthDay, parseCalendarDate, weekday, type CalendarDate } from '../calendar-date.js';
import type { ParsedDocument } from '../parse/parse-document.js';
import { placeIn } from '../parse/yaml.js';
import { issueSchema } from './schema.js';
import { reportSchemaIssues } from './schema-issues.js';

export interface IssueFields {
  id: string;
  start: CalendarDate;
  end: CalendarDate;
  title: string;
  number: number | null;
  editor: string | null;
  published: CalendarDate | null;
  originalUrl: string | null;
  draft: boolean;
  note: Root | null;
  /** Where `number` was written, for duplicate reports. */
  numberPlace: { line: number; column: number } | undefined;
}

/** Checks the folder name alone; reports on `file` (the index or any file of the folder). */
export function validateIssueFolder(file: VFile, folderName: string, yearFolder: string): CalendarDate | null {
  const start = parseCalendarDate(folderName);
  if (!start) {
    report(file, 'error', `issue folder "${folderName}" is not a real date; name it by the first day of the week, YYYY-MM-DD (e.g. 2022-11-21)`, 'issue-folder-date');
    return null;
  }
  if (yearFolder !== folderName.slice(0, 4)) {
    report(file, 'error', `issue folder ${folderName} is in the year folder "${yearFolder}"; move it to content/issues/${folderName.slice(0, 4)}/`, 'issue-folder-year');
    return null;
  }
  if (weekday(start) !== 1) {
    report(file, 'warning', `issue week ${folderName} does not start on a Monday; name the folder by the week's Monday unless this is intended`, 'issue-not-monday');
  }
  return start;
}

/** `siteTitle` makes the default title; `start` is null when the folder name is not a date. */
export function validateIssue(file: VFile, parsed: ParsedDocument | null, siteTitle: string, folderName: string, start: CalendarDate | null): IssueFields | null {
  const data = parsed?.data ?? {};
  const result = issueSchema.safeParse(data);
  const placeOf = (path: readonly (string | number)[]) => placeIn(parsed?.places ?? {}, path);
  if (!result.success) {
    reportSchemaIssues(file, result.error.issues, placeOf, { data, knownKeys: (path) => (path.length === 0 ? Object.keys(issueSchema.shape) : []) });
    return null;
  }
  if (!start) return null;
  const fields = result.data;
  const end = fields.end ?? addDays(start, 6);
  if (end < start) {
    report(file, 'error', `end ${end} is before the start of the week (${start}, the folder name)`, 'invalid-field', placeOf(['end']));
    return null;
  }
  return {
    id: folderName,
    start,
    end,
    title: fields.title ?? `${siteTitle}(${monthDay(start)}-${monthDay(end)})`,
    number: fields.number ?? null,
    editor: fields.editor ?? null,
    published: fields.published ?? null,
    originalUrl: fields.original_url ?? null,
    draft: fields.draft,
    note: parsed && !parsed.facts.empty ? parsed.tree : null,
    numberPlace: fields.number !== undefined ? placeOf(['number']) : undefined,
  };
}

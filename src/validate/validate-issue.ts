// One issue folder's index.md: folder name, year folder, schema. Returns the issue's fields.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { SiteConfig } from '../config.js';
import { report } from '../diagnostics.js';
import { addDays, monthDay, parseCalendarDate, weekday, type CalendarDate } from '../model/calendar-date.js';
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
  return start;
}

export function validateIssue(file: VFile, parsed: ParsedDocument | null, config: SiteConfig, folderName: string, start: CalendarDate): IssueFields | null {
  const result = issueSchema.safeParse(parsed?.data ?? {});
  const placeOf = (path: readonly (string | number)[]) => placeIn(parsed?.places ?? {}, path);
  if (!result.success) {
    reportSchemaIssues(file, result.error.issues, placeOf, { knownKeys: Object.keys(issueSchema.shape) });
    return null;
  }
  const data = result.data;
  if (weekday(start) !== 1) {
    report(file, 'warning', `issue week ${folderName} does not start on a Monday; name the folder by the week's Monday unless this is intended`, 'issue-not-monday');
  }
  const end = data.end ?? addDays(start, 6);
  if (end < start) {
    report(file, 'error', `end ${end} is before the start of the week (${start}, the folder name)`, 'invalid-field', placeOf(['end']));
    return null;
  }
  return {
    id: folderName,
    start,
    end,
    title: data.title ?? `${config.title}(${monthDay(start)}-${monthDay(end)})`,
    number: data.number ?? null,
    editor: data.editor ?? null,
    published: data.published ?? null,
    originalUrl: data.original_url ?? null,
    draft: data.draft,
    note: parsed && !parsed.facts.empty ? parsed.tree : null,
    numberPlace: data.number !== undefined ? placeOf(['number']) : undefined,
  };
}

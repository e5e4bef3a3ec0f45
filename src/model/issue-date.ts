// The day an issue counts as published, for feeds and the sitemap: its `published` date, or
// else the last day of the week it covers.
import type { CalendarDate } from '../calendar-date.js';
import type { Issue } from './types.js';

export function issueDate(issue: Issue): CalendarDate {
  return issue.published ?? issue.end;
}

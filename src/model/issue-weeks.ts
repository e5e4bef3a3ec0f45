// Weeks of issues side by side: which existing issue a new week would collide with. Pure.
import { addDays, type CalendarDate } from '../calendar-date.js';

/**
 * The first existing issue (by its folder date, covering seven days) whose week shares a day
 * with start..end, or null.
 */
export function overlappingIssue(existing: readonly CalendarDate[], start: CalendarDate, end: CalendarDate): CalendarDate | null {
  return existing.find((other) => other <= end && start <= addDays(other, 6)) ?? null;
}

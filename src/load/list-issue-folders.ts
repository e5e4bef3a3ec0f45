// The issue folders of an issues folder (content/issues/YYYY/YYYY-MM-DD), by name alone: what
// `digest new` and `digest import` need to find the latest week and avoid overlaps.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseCalendarDate, type CalendarDate } from '../calendar-date.js';

/** Week starts of the issue folders, oldest first. */
export async function listIssueFolders(issuesDir: string): Promise<CalendarDate[]> {
  const weeks: CalendarDate[] = [];
  for (const year of await subfolders(issuesDir)) {
    if (!/^\d{4}$/.test(year)) continue;
    for (const name of await subfolders(path.join(issuesDir, year))) {
      const start = parseCalendarDate(name);
      if (start && name.startsWith(year)) weeks.push(start);
    }
  }
  return weeks.sort();
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

// The week of a digest page: "(11.21-11.27)" in its title gives months and days, and the year
// comes from elsewhere (the article URL's /2022/1128/, or --year). Pure.
import { parseCalendarDate, type CalendarDate } from '../calendar-date.js';

export interface MonthDay {
  month: number;
  day: number;
}

export interface PeriodText {
  start: MonthDay;
  end: MonthDay;
  /** Where the period starts in its line (0-based), to cut the digest's name off. */
  index: number;
}

const SEPARATOR = '[-－—–~～至到]';
const MONTH_DAY = '(\\d{1,2})\\s*[.．月/]\\s*(\\d{1,2})\\s*日?';
/** (11.21-11.27), （11月21日—11月27日）, (11.21-27): the end month may be left out. */
const PERIOD = new RegExp(`[（(]\\s*${MONTH_DAY}\\s*${SEPARATOR}\\s*(?:(\\d{1,2})\\s*[.．月/]\\s*)?(\\d{1,2})\\s*日?\\s*[)）]`);

export function findPeriod(line: string): PeriodText | null {
  const match = PERIOD.exec(line);
  if (!match) return null;
  const [, sm, sd, em, ed] = match;
  const start = { month: Number(sm), day: Number(sd) };
  let endMonth = em === undefined ? start.month : Number(em);
  // (12.26-1) without the end month: the days roll into the next month.
  if (em === undefined && Number(ed) < start.day) endMonth = (start.month % 12) + 1;
  return { start, end: { month: endMonth, day: Number(ed) }, index: match.index };
}

/** What tells the year: --year (the year the week starts in), or the publication date or year. */
export type YearHint = { kind: 'start-year'; year: number } | { kind: 'published'; date: CalendarDate } | { kind: 'published-year'; year: number };

export type ResolvedPeriod = { ok: true; start: CalendarDate; end: CalendarDate } | { ok: false; reason: string };

const before = (a: MonthDay, b: MonthDay): boolean => a.month < b.month || (a.month === b.month && a.day < b.day);

/**
 * Calendar dates for a period. A week that crosses New Year (12.26-1.1) starts in the year
 * before it ends. A page is published after its week, so a week whose end falls after the
 * publication day belongs to the year before.
 */
export function resolvePeriod(period: PeriodText, hint: YearHint): ResolvedPeriod {
  const crosses = before(period.end, period.start);
  let startYear: number;
  if (hint.kind === 'start-year') {
    startYear = hint.year;
  } else {
    let endYear = hint.kind === 'published' ? Number(hint.date.slice(0, 4)) : hint.year;
    if (hint.kind === 'published') {
      const published = { month: Number(hint.date.slice(5, 7)), day: Number(hint.date.slice(8, 10)) };
      if (before(published, period.end)) endYear--;
    }
    startYear = crosses ? endYear - 1 : endYear;
  }
  const endYear = crosses ? startYear + 1 : startYear;
  const start = calendarDate(startYear, period.start);
  const end = calendarDate(endYear, period.end);
  if (!start || !end) return { ok: false, reason: `the week (${show(period.start)}-${show(period.end)}) is not a real pair of dates in ${startYear}` };
  return { ok: true, start, end };
}

/** The publication day in an article URL such as http://host/trends/2022/1128/42359.shtml. */
export function yearHintFromUrl(url: string): YearHint | null {
  const dated = /\/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})\//.exec(url);
  if (dated) {
    const date = parseCalendarDate(`${dated[1]}-${dated[2]}-${dated[3]}`);
    if (date) return { kind: 'published', date };
  }
  const year = /\/((?:19|20)\d{2})\//.exec(url);
  return year ? { kind: 'published-year', year: Number(year[1]) } : null;
}

function calendarDate(year: number, { month, day }: MonthDay): CalendarDate | null {
  return parseCalendarDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function show({ month, day }: MonthDay): string {
  return `${month}.${day}`;
}

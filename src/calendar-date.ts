// Calendar dates are kept as 'YYYY-MM-DD' strings from parse to page: they are days, not
// instants, so no time zone can shift them. Arithmetic goes through UTC only.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type CalendarDate = string;

/** Parses 'YYYY-MM-DD' and returns it if it names a real day, else null. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return null;
  }
  return text;
}

function toUtc(date: CalendarDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const utc = toUtc(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return fromUtc(utc);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return toUtc(date).getUTCDay();
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

/** 'M.D', as digests title their weeks: (11.21-11.27). */
export function monthDay(date: CalendarDate): string {
  return `${Number(date.slice(5, 7))}.${Number(date.slice(8, 10))}`;
}

/** '2022年11月21日' */
export function chineseDate(date: CalendarDate): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** RFC 3339 instant at midnight UTC of the day: what feeds and sitemaps need, stable everywhere. */
export function toTimestamp(date: CalendarDate): string {
  return `${date}T00:00:00Z`;
}

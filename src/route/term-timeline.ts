// A term's entries over time, from their issues' dates, as a term page charts them. Pure.

export interface TimelineBar {
  /** 2025年, 3月 */
  readonly label: string;
  readonly value: number;
}

/**
 * One bar per year from the first to the last (years without entries included), or one per
 * month when all the dates fall in a single year. `dates` are YYYY-MM-DD.
 */
export function timelineBars(dates: readonly string[]): TimelineBar[] {
  if (dates.length === 0) return [];
  const years = dates.map((date) => Number(date.slice(0, 4)));
  const first = Math.min(...years);
  const last = Math.max(...years);
  if (first === last) return countBy(dates.map((date) => Number(date.slice(5, 7))), (month) => `${month}月`);
  return countBy(years, (year) => `${year}年`);
}

/** A bar for each whole number from the least to the greatest of `values`, counting them. */
function countBy(values: readonly number[], label: (value: number) => string): TimelineBar[] {
  const from = Math.min(...values);
  const counts = new Array<number>(Math.max(...values) - from + 1).fill(0);
  for (const value of values) counts[value - from]!++;
  return counts.map((count, index) => ({ label: label(from + index), value: count }));
}

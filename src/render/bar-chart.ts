// Small horizontal bar charts as static SVG (entries per year, per month): a label, a bar and its
// figure on each row, so the chart reads on a phone and needs no script. Its title is its name;
// its description says every figure, as its text equivalent. Colours come from the stylesheet.
// Pure.
import { escapeMarkup } from './escape-markup.js';

export interface Bar {
  /** 2025年, 3月 */
  label: string;
  value: number;
  /** Said after the value, on the row and in the description: 12期 */
  note?: string | undefined;
}

export interface BarChartOptions {
  /** The chart's accessible name: 各年条目数 */
  title: string;
  /** What a value counts: 条 */
  unit: string;
  bars: readonly Bar[];
  /** Unique on the page: ids of the title and description. */
  id: string;
}

const ROW = 26;
const LABEL_WIDTH = 64;
const BAR_WIDTH = 220;
const FIGURE_WIDTH = 110;

export function barChart(options: BarChartOptions): string {
  const { bars, unit, id } = options;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = LABEL_WIDTH + BAR_WIDTH + FIGURE_WIDTH;
  const height = bars.length * ROW;
  const figure = (bar: Bar) => `${bar.value}${unit}${bar.note ? ` · ${bar.note}` : ''}`;
  const rows = bars.map((bar, index) => {
    const y = index * ROW;
    const length = bar.value === 0 ? 0 : Math.max(2, Math.round((BAR_WIDTH * bar.value) / max));
    return (
      `<text class="bar-chart__label" x="${LABEL_WIDTH - 8}" y="${y + 17}">${escapeMarkup(bar.label)}</text>` +
      `<rect class="bar-chart__bar" x="${LABEL_WIDTH}" y="${y + 5}" width="${length}" height="${ROW - 10}" rx="2"/>` +
      `<text class="bar-chart__figure" x="${LABEL_WIDTH + length + 6}" y="${y + 17}">${escapeMarkup(figure(bar))}</text>`
    );
  });
  const description = bars.map((bar) => `${bar.label}：${figure(bar)}`).join('；');
  return (
    `<svg class="bar-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeMarkup(options.title)}</title><desc id="${id}-desc">${escapeMarkup(description)}</desc>${rows.join('')}</svg>`
  );
}

/**
 * Entries over time, from their issues' dates: one bar per year from the first to the last
 * (years without entries included), or one per month when they all fall in a single year.
 */
export function timelineBars(dates: readonly string[]): Bar[] {
  if (dates.length === 0) return [];
  const years = dates.map((date) => Number(date.slice(0, 4)));
  const first = Math.min(...years);
  const last = Math.max(...years);
  if (first === last) {
    const months = dates.map((date) => Number(date.slice(5, 7)));
    const from = Math.min(...months);
    const to = Math.max(...months);
    return range(from, to).map((month) => ({ label: `${month}月`, value: months.filter((m) => m === month).length }));
  }
  return range(first, last).map((year) => ({ label: `${year}年`, value: years.filter((y) => y === year).length }));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

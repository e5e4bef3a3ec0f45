// The nunjucks environment: template folders (the site's first, then the built-in ones) and
// every filter templates may use, in one place. Autoescape is on: only pre-rendered Markdown
// HTML is marked safe.
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { SiteConfig } from '../config.js';
import { chineseDate, monthDay, toTimestamp } from '../calendar-date.js';
import { PROVINCES } from '../regions.js';
import type { Issue, Taxonomy, Term } from '../model/types.js';
import { issueUrl, termFeedUrl, termUrl } from '../model/urls.js';
import type { TimelineBar } from '../route/term-timeline.js';
import { barChart } from './bar-chart.js';
import { regionTileMap, type RegionTile } from './region-tile-map.js';
import { issueStructuredData } from './structured-data.js';
import { BUILTIN_TEMPLATES } from '../load/load-templates.js';

export { BUILTIN_TEMPLATES };

export interface EnvironmentOptions {
  config: SiteConfig;
  /** Folders searched in order before the built-in templates (a site's own templates/). */
  templateDirs: readonly string[];
}

export function createEnvironment(options: EnvironmentOptions): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([...options.templateDirs, BUILTIN_TEMPLATES].map((dir) => path.resolve(dir)), { noCache: false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  const { basePath, url: siteUrl } = options.config;
  /** Site-relative URL -> path under the base path: 'issues/' -> '/digest/issues/'. */
  env.addFilter('url', (url: string) => basePath + (url ?? ''));
  /** Site-relative URL -> absolute URL, for canonical links and feeds. */
  env.addFilter('absolute_url', (url: string) => siteUrl + (url ?? ''));
  env.addFilter('issue_url', (issue: { id: string }) => issueUrl(issue.id));
  env.addFilter('date_cn', (date: string) => (date ? chineseDate(date) : ''));
  env.addFilter('month_day', (date: string) => (date ? monthDay(date) : ''));
  env.addFilter('timestamp', (date: string) => (date ? toTimestamp(date) : ''));
  env.addFilter('term_feed_url', (term: Term) => termFeedUrl(term.taxonomy, term.slug));
  env.addFilter('issue_structured_data', (issue: Issue) => issueStructuredData(issue, options.config));
  /** '山东省/济南市' -> '山东省 · 济南市': a city as readers write it, not as the format stores it. */
  env.addFilter('region_label', (region: string) => (region ?? '').split('/').join(' · '));
  /** Escapes a title and keeps each week range in it, (11.21-11.27), from breaking across lines. */
  env.addFilter('keep_ranges', (text: string) => new nunjucks.runtime.SafeString(keepRangesTogether(escapeAsTemplates(String(text ?? '')))));
  /** The regions taxonomy -> the tile map of its provincial-level divisions (SVG markup). */
  env.addFilter('region_tile_map', (regions: Taxonomy) => new nunjucks.runtime.SafeString(regionTileMap(regionTiles(regions, basePath), '各省级行政区的条目数')));
  /** The archive's years -> a chart of entries (and issues) per year (SVG markup). */
  env.addFilter('archive_chart', (years: readonly { year: number; issues: readonly Issue[] }[]) =>
    new nunjucks.runtime.SafeString(
      barChart({
        id: 'archive-chart',
        title: '各年的期数与条目数',
        unit: '条',
        bars: [...years].sort((a, b) => a.year - b.year).map(({ year, issues }) => ({ label: `${year}年`, value: issues.reduce((sum, issue) => sum + issue.entries.length, 0), note: `${issues.length}期` })),
      }),
    ),
  );
  /** A term page's timeline (entries by year, or by month within one year) -> its chart (SVG markup). */
  env.addFilter('timeline_chart', (bars: readonly TimelineBar[]) => new nunjucks.runtime.SafeString(barChart({ id: 'timeline-chart', title: '条目的时间分布', unit: '条', bars })));
  env.addFilter('json_ld', (value: unknown) => new nunjucks.runtime.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')));
  return env;
}

/** nunjucks' own autoescape (its lib.escape, not in its type declarations), so the filter escapes as {{ }} does. */
const escapeAsTemplates = (nunjucks.lib as unknown as { escape(text: string): string }).escape;

/** A range of days as digests write them: 11.21-11.27, 2022.11.21-2022.11.27, 11月21日-27日. */
const DAY_RANGE = /[(（]?\d{1,4}(?:[.月年]\d{1,2}){0,2}日?[-–—~～至]\d{1,4}(?:[.月年]\d{1,2}){0,2}日?[)）]?/g;

function keepRangesTogether(escaped: string): string {
  return escaped.replace(DAY_RANGE, (range) => (/[.月]/.test(range) ? `<span class="nowrap">${range}</span>` : range));
}

/** One tile per provincial-level division, with its entries (its cities' included) and page. */
function regionTiles(regions: Taxonomy, basePath: string): RegionTile[] {
  return PROVINCES.map((province) => {
    const term = regions.byKey.get(province.name);
    return { short: province.short, count: term?.entries.length ?? 0, href: term ? basePath + termUrl('regions', term.slug) : null };
  });
}

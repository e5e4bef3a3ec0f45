// sitemap.xml: every page a search engine should know, with the date its content last changed
// (the newest issue it shows), so crawlers revisit only what changed. The 404 page is left out.
import type { CalendarDate } from '../calendar-date.js';
import { issueDate } from '../model/issue-date.js';
import type { Entry, Issue, Site } from '../model/types.js';
import type { Page } from '../route/route-site.js';

export function buildSitemap(site: Site, pages: readonly Page[]): string {
  const newestOf = newestDate(site);
  const rows = pages.flatMap((page) => {
    if (page.data.kind === 'not-found') return [];
    const lastmod = lastModified(page, site, newestOf);
    return [`  <url><loc>${escapeXml(site.config.url + page.url)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`];
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...rows, '</urlset>', ''].join('\n');
}

function newestDate(site: Site) {
  const dates = new Map(site.issues.map((issue) => [issue.id, issueDate(issue)]));
  return {
    issues: (issues: readonly Issue[]) => latest(issues.map(issueDate)),
    // A term's entries of one issue are next to each other: one date per run of them.
    entries: (entries: readonly Entry[]) => {
      let newest: CalendarDate | null = null;
      let issueId = '';
      for (const entry of entries) {
        if (entry.issueId === issueId) continue;
        issueId = entry.issueId;
        const date = dates.get(issueId)!;
        if (newest === null || date > newest) newest = date;
      }
      return newest;
    },
  };
}

function lastModified(page: Page, site: Site, newest: ReturnType<typeof newestDate>): CalendarDate | null {
  const data = page.data;
  switch (data.kind) {
    case 'issue':
      return issueDate(data.issue);
    case 'year':
      return newest.issues(data.issues);
    case 'term':
      return newest.entries(data.entries);
    case 'taxonomy':
      return newest.entries(data.taxonomy.terms.flatMap((term) => term.entries.slice(0, 1)));
    default:
      return newest.issues(site.issues);
  }
}

function latest(dates: readonly CalendarDate[]): CalendarDate | null {
  return dates.reduce<CalendarDate | null>((max, date) => (max === null || date > max ? date : max), null);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

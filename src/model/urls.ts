// Every URL of the site, in one place, relative to the base path ('issues/2022-11-21/').
// Pages link through the `url` template filter, which prefixes the base path of site.url.
import type { TaxonomyId } from './types.js';

export const issueUrl = (issueId: string): string => `issues/${issueId}/`;
export const entryUrl = (issueId: string, slug: string): string => `${issueUrl(issueId)}#${slug}`;
export const assetUrl = (issueId: string, fileName: string): string => `${issueUrl(issueId)}${encodeURIComponent(fileName)}`;
export const yearUrl = (year: number | string): string => `issues/${year}/`;
export const archiveUrl = (): string => 'issues/';
export const taxonomyUrl = (taxonomy: TaxonomyId): string => `${taxonomy}/`;
export const termUrl = (taxonomy: TaxonomyId, slug: string): string => `${taxonomy}/${slug}/`;
/** A numbered page of a term: page 1 holds its oldest entries (see route/term-pages.ts). */
export const pagedUrl = (url: string, page: number): string => `${url}page/${page}/`;
export const searchUrl = (): string => 'search/';
export const atomFeedUrl = (): string => 'feed.xml';
export const jsonFeedUrl = (): string => 'feed.json';
export const sitemapUrl = (): string => 'sitemap.xml';
export const termFeedUrl = (taxonomy: TaxonomyId, slug: string): string => `${termUrl(taxonomy, slug)}feed.xml`;

/** The file a URL is written to: 'issues/2022-11-21/' -> 'issues/2022-11-21/index.html'. */
export function outputPathOf(url: string): string {
  return url === '' || url.endsWith('/') ? `${url}index.html` : url;
}

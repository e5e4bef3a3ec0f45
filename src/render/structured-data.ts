// schema.org JSON-LD for an issue page: the issue as a PublicationIssue of the periodical, its
// entries as the articles it contains. Search engines read it; templates print it with the
// `json_ld` filter, which keeps it from closing its <script>.
import { issueDate } from '../model/issue-date.js';
import type { Issue } from '../model/types.js';
import { entryUrl, issueUrl } from '../model/urls.js';
import type { SiteConfig } from '../config.js';

export function issueStructuredData(issue: Issue, config: SiteConfig): Record<string, unknown> {
  const url = config.url + issueUrl(issue.id);
  return {
    '@context': 'https://schema.org',
    '@type': 'PublicationIssue',
    '@id': url,
    url,
    name: issue.title,
    ...(issue.number === null ? {} : { issueNumber: String(issue.number) }),
    datePublished: issueDate(issue),
    temporalCoverage: `${issue.start}/${issue.end}`,
    inLanguage: config.language,
    ...(issue.editor === null ? {} : { editor: { '@type': 'Person', name: issue.editor } }),
    isPartOf: { '@type': 'Periodical', name: config.title, url: config.url },
    hasPart: issue.entries.map((entry) => ({
      '@type': 'Article',
      headline: entry.title,
      url: config.url + entryUrl(entry.issueId, entry.slug),
      datePublished: issueDate(issue),
      ...(entry.tags.length > 0 ? { keywords: entry.tags.join(',') } : {}),
    })),
  };
}

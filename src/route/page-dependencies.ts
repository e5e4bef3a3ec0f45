// The inputs each page reads, as keys of the dependency graph: when none of a page's keys is
// among those a change set touches (model/site-changes.ts), the page is as it was. Pure.
// The keys are those of model/dependency-keys.ts.
import { entryKey, ISSUES_KEY, issueKey, taxonomyKey, termKey } from '../model/dependency-keys.js';
import type { Entry } from '../model/types.js';
import type { Page } from './route-site.js';

/** An entry as a list shows it: its own content and its issue's header (date, title). */
const listed = (entries: readonly Entry[]): string[] => entries.flatMap((entry) => [entryKey(entry.sourcePath), issueKey(entry.issueId)]);

/** The keys `page` reads; null for a page kind this module does not know (it may read anything). */
export function pageDependencies(page: Page): string[] | null {
  const data = page.data;
  switch (data.kind) {
    case 'home':
      return [ISSUES_KEY, ...(data.latest ? listed(data.latest.entries) : [])];
    case 'archive':
    case 'year':
      return [ISSUES_KEY];
    case 'issue':
      return [issueKey(data.issue.id), ...[data.previous, data.next].flatMap((issue) => (issue ? [issueKey(issue.id)] : [])), ...listed(data.issue.entries)];
    case 'taxonomy':
      return [taxonomyKey(data.taxonomy.id)];
    case 'term':
      return [termKey(data.term.taxonomy, data.term.key), ...listed(data.entries)];
    case 'search':
      return [taxonomyKey('sections'), taxonomyKey('regions'), taxonomyKey('sources')];
    case 'not-found':
      return [];
    default:
      return null;
  }
}

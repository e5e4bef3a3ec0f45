// Which inputs of the dependency graph (model/dependency-keys.ts) each page reads: when it reads
// none that a change set touched, the page is as it was. Pure.
import type { TouchedInputs } from '../model/dependency-keys.js';
import { termInput } from '../model/dependency-keys.js';
import type { Entry } from '../model/types.js';
import type { Page } from './route-site.js';

/** An entry as a list shows it: its own content and its issue's fields (date, title). */
export const listsTouched = (entries: readonly Entry[], touched: TouchedInputs): boolean =>
  entries.some((entry) => touched.entries.has(entry.sourcePath) || touched.issueFields.has(entry.issueId));

/** Whether `page` reads an input `touched` names; true for a page kind this module does not know. */
export function readsTouched(page: Page, touched: TouchedInputs): boolean {
  const data = page.data;
  switch (data.kind) {
    case 'home':
      return touched.issueList || (data.latest !== null && listsTouched(data.latest.entries, touched));
    case 'archive':
    case 'year':
      return touched.issueList;
    case 'issue':
      return [data.issue, data.previous, data.next].some((issue) => issue !== null && touched.issues.has(issue.id)) || listsTouched(data.issue.entries, touched);
    case 'taxonomy':
      return touched.taxonomies.has(data.taxonomy.id);
    case 'term': {
      const term = termInput(data.term.taxonomy, data.term.key);
      return touched.terms.has(term) || (touched.listedIn.has(term) && listsTouched(data.entries, touched));
    }
    case 'search':
      return touched.taxonomies.has('sections') || touched.taxonomies.has('regions') || touched.taxonomies.has('sources');
    case 'not-found':
      return false;
    default:
      return true;
  }
}

// The inputs of the dependency graph that pages read (route/page-dependencies.ts) and change
// sets touch (site-changes.ts), named alike so that one answers the other:
// - an entry, everything about it (its file), by source path;
// - an issue's header (its fields, note, assets and entry count), by id, and its fields alone;
// - the list of issues and their headers (home, archive, years);
// - a term's entry list, counts and children, by taxonomy and key;
// - a taxonomy's terms with their counts.
// Inputs every page reads (site.yml, build options, templates, the tool) are not among them: a
// change to one of them is a change to every page.
import type { TaxonomyId } from './types.js';

export interface TouchedInputs {
  readonly entries: ReadonlySet<string>;
  readonly issues: ReadonlySet<string>;
  /** Ids of issues whose own fields (title, dates, number, ...) changed: what a list shows of an entry's issue. */
  readonly issueFields: ReadonlySet<string>;
  readonly issueList: boolean;
  /** `<taxonomy>\u0001<key>` (termInput). */
  readonly terms: ReadonlySet<string>;
  /**
   * Terms (termInput) whose lists hold a touched entry or an entry of an issue in issueFields,
   * before or after: only their pages can list what changed.
   */
  readonly listedIn: ReadonlySet<string>;
  readonly taxonomies: ReadonlySet<TaxonomyId>;
}

export const termInput = (taxonomy: TaxonomyId, key: string): string => `${taxonomy}\u0001${key}`;

export const touchesNothing = (touched: TouchedInputs): boolean =>
  touched.entries.size === 0 && touched.issues.size === 0 && !touched.issueList && touched.terms.size === 0 && touched.taxonomies.size === 0;

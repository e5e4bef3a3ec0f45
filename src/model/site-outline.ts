// What the dependency graph keeps of a site between builds (site-changes.ts reads it): the issues
// with their own fields, their entries' places in terms, and every term's name, slug and parent.
// A Site is one; a build cache keeps one as plain JSON (outlineJson) and makes it whole again
// (outlineFromJson) for a one-off build that follows, such as a weekly publish. Pure.
import type { Entry, Issue, TaxonomyId, Term } from './types.js';

export type EntryOutline = Pick<Entry, 'sourcePath' | 'issueId' | 'section' | 'region' | 'sources' | 'tags'>;

/** An issue's own fields (site-changes.ts compares them all), and its entries. */
export type IssueOutline = Omit<Issue, 'note' | 'assets' | 'entries'> & { readonly entries: readonly EntryOutline[] };

export type TermOutline = Pick<Term, 'key' | 'name' | 'slug' | 'parent'>;

export interface SiteOutline {
  /** Oldest first. */
  readonly issues: readonly IssueOutline[];
  readonly issueById: ReadonlyMap<string, IssueOutline>;
  readonly taxonomies: Readonly<Record<TaxonomyId, { readonly byKey: ReadonlyMap<string, TermOutline> }>>;
}

/** The outline as JSON keeps it: issues without the map, terms as [key, name, slug, parent]. */
export interface SiteOutlineJson {
  issues: IssueOutline[];
  terms: Record<TaxonomyId, [string, string, string, string | null][]>;
}

const TAXONOMIES: readonly TaxonomyId[] = ['sections', 'regions', 'sources', 'tags'];

/** The outline of a site (a Site, or an outline made again), as plain JSON-ready data. */
export function outlineJson(site: SiteOutline): SiteOutlineJson {
  const issues = site.issues.map((issue) => {
    // A Site's issues have more than their outline: the note and assets are the issue page's alone.
    const fields: Record<string, unknown> = { ...issue };
    delete fields['note'];
    delete fields['assets'];
    fields['entries'] = issue.entries.map((entry) => ({ sourcePath: entry.sourcePath, issueId: entry.issueId, section: entry.section, region: entry.region, sources: entry.sources, tags: entry.tags }));
    return fields as IssueOutline;
  });
  const terms = Object.fromEntries(
    TAXONOMIES.map((taxonomy) => [taxonomy, [...site.taxonomies[taxonomy].byKey.values()].map((term) => [term.key, term.name, term.slug, term.parent] as [string, string, string, string | null])]),
  ) as SiteOutlineJson['terms'];
  return { issues, terms };
}

export function outlineFromJson(json: SiteOutlineJson): SiteOutline {
  const taxonomy = (rows: SiteOutlineJson['terms'][TaxonomyId]) => ({ byKey: new Map(rows.map(([key, name, slug, parent]) => [key, { key, name, slug, parent }])) });
  return {
    issues: json.issues,
    issueById: new Map(json.issues.map((issue) => [issue.id, issue])),
    taxonomies: { sections: taxonomy(json.terms.sections), regions: taxonomy(json.terms.regions), sources: taxonomy(json.terms.sources), tags: taxonomy(json.terms.tags) },
  };
}

/** The two versions of an entry are in the same terms (so in the same places of their lists). */
export function sameTerms(a: EntryOutline, b: EntryOutline): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((name, i) => name === y[i]);
  return a.issueId === b.issueId && a.section === b.section && a.region === b.region && same(a.sources, b.sources) && same(a.tags, b.tags);
}

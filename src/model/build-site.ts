// Validated issues -> the Site: issues in order, and the four taxonomies with their terms.
import type { SiteConfig } from '../config.js';
import type { ValidIssue } from '../validate/records.js';
import { NATIONAL, PROVINCES, regionSlug, resolveRegion } from '../regions.js';
import { assignSlugs } from './slugs.js';
import type { Entry, Issue, Site, Taxonomy, TaxonomyId, Term } from './types.js';

export interface BuildSiteOptions {
  /** Include issues marked `draft: true` (digest dev, build --drafts). */
  drafts: boolean;
  /**
   * The site a long-lived builder made last: an issue, term or taxonomy that comes out the same
   * (the same entries, by identity: validation keeps an unchanged file's Entry) is that site's
   * object, so what later steps made of it may be kept (route/term-pages.ts).
   */
  previous?: Site | null | undefined;
}

export function buildSite(config: SiteConfig, validIssues: readonly ValidIssue[], options: BuildSiteOptions): Site {
  const previous = options.previous ?? null;
  const issues: Issue[] = validIssues
    .filter((valid) => options.drafts || !valid.fields.draft)
    .map((valid): Issue => ({
      id: valid.fields.id,
      start: valid.fields.start,
      end: valid.fields.end,
      title: valid.fields.title,
      number: valid.fields.number,
      editor: valid.fields.editor,
      published: valid.fields.published,
      originalUrl: valid.fields.originalUrl,
      draft: valid.fields.draft,
      note: valid.fields.note,
      entries: valid.entries,
      assets: valid.assets,
      sourcePath: valid.indexFile?.path ?? valid.sourcePaths[0] ?? '',
    }))
    .map((issue) => {
      const old = previous?.issueById.get(issue.id);
      return old && sameIssue(old, issue) ? old : issue;
    });
  const issueById = new Map(issues.map((issue) => [issue.id, issue]));
  const rules = taxonomyRules(config);
  const changes = previous ? changedIssues(previous, issues, issueById) : null;
  const taxonomies = {} as Record<TaxonomyId, Taxonomy>;
  for (const id of TAXONOMY_IDS) {
    taxonomies[id] = changes ? patchedTaxonomy(rules[id], previous!.taxonomies[id], changes, issues) : madeTaxonomy(rules[id], issues, previous?.taxonomies[id] ?? null);
  }
  return { config, issues, issueById, taxonomies };
}

const TAXONOMY_IDS: readonly TaxonomyId[] = ['sections', 'regions', 'sources', 'tags'];

/** How a taxonomy is made: the terms an entry is listed in, and the terms for the lists. */
interface TaxonomyRule {
  id: TaxonomyId;
  title: string;
  /** The keys of the terms that list the entry. */
  keysOf(entry: Entry): readonly string[];
  /** Keys that are terms even without entries (the sections of site.yml), in order; null: none. */
  fixed: readonly string[] | null;
  /**
   * The terms for these lists (a key with an empty list is no term, unless fixed), in display
   * order; `previous` may give what depends on the set of keys alone when it is the same. The
   * order depends on the keys and the lengths of their lists alone, and a term's fields other
   * than its list on the set of keys alone (patchedTaxonomy counts on both).
   */
  terms(lists: ReadonlyMap<string, readonly Entry[]>, previous: Taxonomy | null, sameKeys: boolean): Term[];
}

function taxonomyRules(config: SiteConfig): Record<TaxonomyId, TaxonomyRule> {
  return {
    sections: {
      id: 'sections',
      title: '栏目',
      // A section lists its own entries and its subsections'.
      keysOf: (entry) => entry.section.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')).filter((key) => config.sectionByPath.has(key)),
      fixed: config.sectionOrder,
      terms: (lists) =>
        config.sectionOrder.map((path): Term => {
          const section = config.sectionByPath.get(path)!;
          return { taxonomy: 'sections', key: path, name: section.title, slug: path, entries: lists.get(path) ?? [], parent: section.parent, children: section.children.map((child) => child.path) };
        }),
    },
    regions: {
      id: 'regions',
      title: '地区',
      keysOf: (entry) => {
        if (entry.region === null) return [];
        const [province, city] = entry.region.split('/');
        return city !== undefined && province !== undefined ? [entry.region, province] : [entry.region];
      },
      fixed: null,
      terms: (lists) => regionTerms(lists),
    },
    sources: flatRule('sources', '来源', (entry) => entry.sources),
    tags: flatRule('tags', '标签', (entry) => entry.tags),
  };
}

/** The taxonomy made from every issue's entries (newest issue first, reading order inside one). */
function madeTaxonomy(rule: TaxonomyRule, issues: readonly Issue[], previous: Taxonomy | null): Taxonomy {
  const lists = listsOf(rule, issues, new Map((rule.fixed ?? []).map((key) => [key, []])));
  const made = taxonomy(rule.id, rule.title, rule.terms(lists, previous, false));
  return previous ? sameOrPrevious(previous, made) : made;
}

/** Each issue's entries (newest issue first, reading order inside one) added to the lists of their keys. */
function listsOf(rule: TaxonomyRule, issues: readonly Issue[], lists = new Map<string, Entry[]>()): Map<string, Entry[]> {
  for (let i = issues.length - 1; i >= 0; i--) {
    for (const entry of issues[i]!.entries) {
      for (const key of rule.keysOf(entry)) {
        const list = lists.get(key);
        if (list) list.push(entry);
        else lists.set(key, [entry]);
      }
    }
  }
  return lists;
}

interface IssueChanges {
  /** Ids of the issues added, removed or changed. */
  ids: ReadonlySet<string>;
  /** Their entries before. */
  before: readonly Entry[];
  /** Each issue's place in the site's order (oldest first). */
  order: ReadonlyMap<string, number>;
  /** Each issue's place in the previous site's order, and those of the changed issues it had, newest first. */
  orderBefore: ReadonlyMap<string, number>;
  placesBefore: readonly number[];
}

/** The issues that are not the previous site's objects; null when so many are that patching would not pay. */
function changedIssues(previous: Site, issues: readonly Issue[], issueById: ReadonlyMap<string, Issue>): IssueChanges | null {
  const ids = new Set<string>();
  for (const issue of issues) if (previous.issueById.get(issue.id) !== issue) ids.add(issue.id);
  for (const issue of previous.issues) if (!issueById.has(issue.id)) ids.add(issue.id);
  if (ids.size > Math.max(4, issues.length / 8)) return null;
  const before = [...ids].flatMap((id) => previous.issueById.get(id)?.entries ?? []);
  const orderBefore = new Map(previous.issues.map((issue, index) => [issue.id, index]));
  const placesBefore = [...ids].flatMap((id) => orderBefore.get(id) ?? []).sort((a, b) => b - a);
  return { ids, before, order: new Map(issues.map((issue, index) => [issue.id, index])), orderBefore, placesBefore };
}

/**
 * The previous taxonomy with the changed issues' entries taken out of their terms' lists and
 * the new ones merged in at their issue's place: every other list is the previous one, and the
 * result is what madeTaxonomy would make.
 */
function patchedTaxonomy(rule: TaxonomyRule, old: Taxonomy, changes: IssueChanges, issues: readonly Issue[]): Taxonomy {
  // The changed issues' entries now, by key, newest issue first.
  const added = listsOf(rule, issues.filter((issue) => changes.ids.has(issue.id)));
  const touched = new Set(added.keys());
  for (const entry of changes.before) for (const key of rule.keysOf(entry)) touched.add(key);
  if (touched.size === 0) return old;
  const order = (entry: Entry) => changes.order.get(entry.issueId)!;
  const lists = new Map<string, readonly Entry[]>();
  for (const term of old.terms) if (!touched.has(term.key)) lists.set(term.key, term.entries);
  for (const key of touched) {
    const before = old.byKey.get(key)?.entries ?? [];
    const kept = withoutIssues(before, changes.placesBefore, (entry) => changes.orderBefore.get(entry.issueId)!);
    const merged = mergeNewestFirst(kept, added.get(key) ?? [], order);
    // The same entries (an issue's header edited): the same list, so the same term.
    if (merged.length > 0 || rule.fixed?.includes(key)) lists.set(key, sameList(before, merged) ? before : merged);
  }
  const sameKeys = lists.size === old.terms.length && old.terms.every((term) => lists.has(term.key));
  // Terms are ordered by their keys and the lengths of their lists alone (see TaxonomyRule), and
  // every other field of a term follows from the set of keys: with the same keys and lengths (an
  // entry edited in place), the old terms in their order, with the touched ones' lists.
  if (sameKeys && [...touched].every((key) => lists.get(key)!.length === old.byKey.get(key)!.entries.length)) {
    let changed = false;
    const kept = old.terms.map((term) => {
      const entries = lists.get(term.key)!;
      if (entries === term.entries) return term;
      changed = true;
      return { ...term, entries };
    });
    return changed ? taxonomy(old.id, old.title, kept) : old;
  }
  const terms = rule.terms(lists, old, sameKeys).map((term) => {
    const before = old.byKey.get(term.key);
    return before && sameTermFields(before, term) ? before : term;
  });
  if (sameList(old.terms, terms)) return old;
  return taxonomy(old.id, old.title, terms);
}

/** The first index from `from` on of a list newest issue first whose entry's issue is at `place` or older. */
function firstAtOrOlder(list: readonly Entry[], place: number, from: number, order: (entry: Entry) => number): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (order(list[middle]!) > place) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A list newest issue first without the entries of the issues at `places` (newest first): each issue's entries are together, found by binary search. */
function withoutIssues(list: readonly Entry[], places: readonly number[], order: (entry: Entry) => number): readonly Entry[] {
  let kept: Entry[] | null = null;
  let from = 0;
  for (const place of places) {
    const start = firstAtOrOlder(list, place, from, order);
    const end = firstAtOrOlder(list, place - 1, start, order);
    if (start === end) continue;
    kept ??= [];
    for (let i = from; i < start; i++) kept.push(list[i]!);
    from = end;
  }
  if (!kept) return list;
  for (let i = from; i < list.length; i++) kept.push(list[i]!);
  return kept;
}

/**
 * Two lists of entries, each newest issue first, as one (`order`: the entry's issue's place,
 * oldest first). `b` holds a few issues' entries, each issue's together (as listsOf makes them):
 * each issue's block is put in at the place a binary search finds, so a long list costs a copy,
 * not a look-up of every entry's issue.
 */
function mergeNewestFirst(a: readonly Entry[], b: readonly Entry[], order: (entry: Entry) => number): Entry[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const merged: Entry[] = [];
  let from = 0;
  for (let start = 0; start < b.length; ) {
    const place = order(b[start]!);
    let end = start + 1;
    while (end < b.length && b[end]!.issueId === b[start]!.issueId) end++;
    // The first entry of `a` from `from` on whose issue is older than this block's.
    const low = firstAtOrOlder(a, place, from, order);
    for (let i = from; i < low; i++) merged.push(a[i]!);
    for (let i = start; i < end; i++) merged.push(b[i]!);
    from = low;
    start = end;
  }
  for (let i = from; i < a.length; i++) merged.push(a[i]!);
  return merged;
}

function taxonomy(id: TaxonomyId, title: string, terms: Term[]): Taxonomy {
  return { id, title, terms, byKey: new Map(terms.map((term) => [term.key, term])) };
}

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);

function sameIssue(a: Issue, b: Issue): boolean {
  return (Object.keys(b) as (keyof Issue)[]).every((key) => {
    const [x, y] = [a[key], b[key]];
    return Array.isArray(x) && Array.isArray(y) ? sameList(x, y) : x === y;
  });
}

const sameTerm = (a: Term, b: Term): boolean =>
  a.taxonomy === b.taxonomy && a.key === b.key && a.name === b.name && a.slug === b.slug && a.parent === b.parent && sameList(a.children, b.children) && sameList(a.entries, b.entries);

/** `made`, with each term that came out as the previous site's being that term; the previous taxonomy itself when all did. */
function sameOrPrevious(old: Taxonomy, made: Taxonomy): Taxonomy {
  const terms = made.terms.map((term) => {
    const before = old.byKey.get(term.key);
    return before && sameTerm(before, term) ? before : term;
  });
  if (old.title === made.title && sameList(old.terms, terms)) return old;
  return taxonomy(made.id, made.title, terms);
}

const sameTermFields = (a: Term, b: Term): boolean => a.name === b.name && a.slug === b.slug && a.parent === b.parent && sameList(a.children, b.children) && a.entries === b.entries;

/** Standard order: 全国, then provinces in the conventional order, each followed by its cities. */
const REGION_RANK = new Map<string, number>([[NATIONAL, 0]]);
PROVINCES.forEach((province, p) => {
  REGION_RANK.set(province.name, (p + 1) * 1000);
  province.cities.forEach((city, c) => REGION_RANK.set(`${province.name}/${city.name}`, (p + 1) * 1000 + c + 1));
});

function regionTerms(lists: ReadonlyMap<string, readonly Entry[]>): Term[] {
  const keys = [...lists.keys()].sort((a, b) => (REGION_RANK.get(a) ?? 1e9) - (REGION_RANK.get(b) ?? 1e9) || a.localeCompare(b));
  return keys.map((key): Term => {
    const [province, city] = key.split('/');
    const resolved = resolveRegion(key);
    return {
      taxonomy: 'regions',
      key,
      name: city ?? province ?? key,
      slug: regionSlug(key),
      entries: lists.get(key)!,
      parent: city !== undefined && province !== undefined ? province : null,
      children: resolved.ok && !resolved.city ? keys.filter((other) => other.startsWith(`${key}/`)) : [],
    };
  });
}

/** Sources and tags: a term per name, the most used first; slugs depend on the set of names alone. */
function flatRule(id: 'sources' | 'tags', title: string, namesOf: (entry: Entry) => readonly string[]): TaxonomyRule {
  return {
    id,
    title,
    keysOf: namesOf,
    fixed: null,
    terms(lists, previous, sameKeys) {
      const slugs = sameKeys && previous ? null : assignSlugs(lists.keys());
      return [...lists]
        .map(([name, list]): Term => ({ taxonomy: id, key: name, name, slug: slugs ? slugs.get(name)! : previous!.byKey.get(name)!.slug, entries: list, parent: null, children: [] }))
        .sort((a, b) => b.entries.length - a.entries.length || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    },
  };
}

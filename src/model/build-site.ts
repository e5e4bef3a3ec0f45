// Validated issues -> the Site: issues in order, and the four taxonomies with their terms.
import type { SiteConfig } from '../config.js';
import type { ValidIssue } from '../validate/records.js';
import { NATIONAL, PROVINCES, regionSlug, resolveRegion } from '../regions.js';
import { sameTerms } from './site-outline.js';
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
  // Only entries edited in place, each in the same terms as before (a title, a body): every list
  // keeps its order, and only the lists that hold them change.
  const replaced = previous && replacedEntries(previous, issues);
  if (previous && replaced) {
    const patch = (id: TaxonomyId, termsOf: (entry: Entry) => readonly string[]) => patchedTaxonomy(previous.taxonomies[id], replaced, termsOf);
    return {
      config,
      issues,
      issueById,
      taxonomies: {
        sections: patch('sections', (entry) => entry.section.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))),
        regions: patch('regions', (entry) => (entry.region === null ? [] : entry.region.includes('/') ? [entry.region, entry.region.split('/')[0]!] : [entry.region])),
        sources: patch('sources', (entry) => entry.sources),
        tags: patch('tags', (entry) => entry.tags),
      },
    };
  }
  // Newest issue first, reading order inside an issue: the order of every term's list.
  const newestFirst = [...issues].reverse().flatMap((issue) => issue.entries);
  const kept = (made: Taxonomy): Taxonomy => (previous ? sameOrPrevious(previous.taxonomies[made.id], made) : made);
  return {
    config,
    issues,
    issueById,
    taxonomies: {
      sections: kept(sectionTaxonomy(config, newestFirst)),
      regions: kept(regionTaxonomy(newestFirst)),
      sources: kept(flatTaxonomy('sources', '来源', newestFirst, (entry) => entry.sources)),
      tags: kept(flatTaxonomy('tags', '标签', newestFirst, (entry) => entry.tags)),
    },
  };
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

/**
 * Each entry of `issues` that differs from the previous site's entry at its place, by that one;
 * null unless the issues and the entries' places and terms are all as they were.
 */
function replacedEntries(previous: Site, issues: readonly Issue[]): Map<Entry, Entry> | null {
  if (previous.issues.length !== issues.length) return null;
  const replaced = new Map<Entry, Entry>();
  for (let i = 0; i < issues.length; i++) {
    const [before, after] = [previous.issues[i]!, issues[i]!];
    if (before === after) continue;
    if (before.id !== after.id || before.entries.length !== after.entries.length) return null;
    for (let j = 0; j < after.entries.length; j++) {
      const [old, entry] = [before.entries[j]!, after.entries[j]!];
      if (old === entry) continue;
      if (old.sourcePath !== entry.sourcePath || !sameTerms(old, entry)) return null;
      replaced.set(old, entry);
    }
  }
  return replaced;
}

/** The previous taxonomy with the replaced entries in their terms' lists (the same terms otherwise). */
function patchedTaxonomy(old: Taxonomy, replaced: ReadonlyMap<Entry, Entry>, termsOf: (entry: Entry) => readonly string[]): Taxonomy {
  const touched = new Set<string>();
  for (const entry of replaced.keys()) for (const key of termsOf(entry)) touched.add(key);
  if (touched.size === 0) return old;
  const terms = old.terms.map((term): Term => (touched.has(term.key) ? { ...term, entries: term.entries.map((entry) => replaced.get(entry) ?? entry) } : term));
  return taxonomy(old.id, old.title, terms);
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

function sectionTaxonomy(config: SiteConfig, entries: readonly Entry[]): Taxonomy {
  // A section lists its own entries and its subsections', in one pass over the entries.
  const bySection = new Map<string, Entry[]>(config.sectionOrder.map((path) => [path, []]));
  const ancestry = new Map<string, Entry[][]>();
  for (const entry of entries) {
    let lists = ancestry.get(entry.section);
    if (!lists) {
      lists = entry.section.split('/').map((_, i, parts) => bySection.get(parts.slice(0, i + 1).join('/'))).filter((list) => list !== undefined);
      ancestry.set(entry.section, lists);
    }
    for (const list of lists) list.push(entry);
  }
  const terms = config.sectionOrder.map((path): Term => {
    const section = config.sectionByPath.get(path)!;
    return {
      taxonomy: 'sections',
      key: path,
      name: section.title,
      slug: path,
      entries: bySection.get(path)!,
      parent: section.parent,
      children: section.children.map((child) => child.path),
    };
  });
  return taxonomy('sections', '栏目', terms);
}

function regionTaxonomy(entries: readonly Entry[]): Taxonomy {
  const byRegion = new Map<string, Entry[]>();
  const add = (key: string, entry: Entry) => {
    const list = byRegion.get(key);
    if (list) list.push(entry);
    else byRegion.set(key, [entry]);
  };
  for (const entry of entries) {
    if (entry.region === null) continue;
    add(entry.region, entry);
    const [province, city] = entry.region.split('/');
    if (city !== undefined && province !== undefined) add(province, entry);
  }
  // Standard order: 全国, then provinces in the conventional order, each followed by its cities.
  const rank = new Map<string, number>([[NATIONAL, 0]]);
  PROVINCES.forEach((province, p) => {
    rank.set(province.name, (p + 1) * 1000);
    province.cities.forEach((city, c) => rank.set(`${province.name}/${city.name}`, (p + 1) * 1000 + c + 1));
  });
  const keys = [...byRegion.keys()].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9) || a.localeCompare(b));
  const terms = keys.map((key): Term => {
    const [province, city] = key.split('/');
    const resolved = resolveRegion(key);
    return {
      taxonomy: 'regions',
      key,
      name: city ?? province ?? key,
      slug: regionSlug(key),
      entries: byRegion.get(key)!,
      parent: city !== undefined && province !== undefined ? province : null,
      children: resolved.ok && !resolved.city ? keys.filter((other) => other.startsWith(`${key}/`)) : [],
    };
  });
  return taxonomy('regions', '地区', terms);
}

function flatTaxonomy(id: 'sources' | 'tags', title: string, entries: readonly Entry[], namesOf: (entry: Entry) => readonly string[]): Taxonomy {
  const byName = new Map<string, Entry[]>();
  for (const entry of entries) {
    for (const name of namesOf(entry)) {
      const list = byName.get(name);
      if (list) list.push(entry);
      else byName.set(name, [entry]);
    }
  }
  const slugs = assignSlugs(byName.keys());
  const terms = [...byName.entries()]
    .map(([name, list]): Term => ({ taxonomy: id, key: name, name, slug: slugs.get(name)!, entries: list, parent: null, children: [] }))
    .sort((a, b) => b.entries.length - a.entries.length || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return taxonomy(id, title, terms);
}

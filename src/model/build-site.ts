// Validated issues -> the Site: issues in order, and the four taxonomies with their terms.
import type { SiteConfig } from '../config.js';
import type { ValidIssue } from '../validate/records.js';
import { NATIONAL, PROVINCES, regionSlug, resolveRegion } from '../regions.js';
import { assignSlugs } from './slugs.js';
import type { Entry, Issue, Site, Taxonomy, TaxonomyId, Term } from './types.js';

export interface BuildSiteOptions {
  /** Include issues marked `draft: true` (digest dev, build --drafts). */
  drafts: boolean;
}

export function buildSite(config: SiteConfig, validIssues: readonly ValidIssue[], options: BuildSiteOptions): Site {
  const issues: Issue[] = validIssues
    .filter((valid) => options.drafts || !valid.fields.draft)
    .map((valid) => ({
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
    }));
  // Newest issue first, reading order inside an issue: the order of every term's list.
  const newestFirst = [...issues].reverse().flatMap((issue) => issue.entries);
  return {
    config,
    issues,
    issueById: new Map(issues.map((issue) => [issue.id, issue])),
    taxonomies: {
      sections: sectionTaxonomy(config, newestFirst),
      regions: regionTaxonomy(newestFirst),
      sources: flatTaxonomy('sources', '来源', newestFirst, (entry) => entry.sources),
      tags: flatTaxonomy('tags', '标签', newestFirst, (entry) => entry.tags),
    },
  };
}

function taxonomy(id: TaxonomyId, title: string, terms: Term[]): Taxonomy {
  return { id, title, terms, byKey: new Map(terms.map((term) => [term.key, term])) };
}

function sectionTaxonomy(config: SiteConfig, entries: readonly Entry[]): Taxonomy {
  const terms = config.sectionOrder.map((path): Term => {
    const section = config.sectionByPath.get(path)!;
    return {
      taxonomy: 'sections',
      key: path,
      name: section.title,
      slug: path,
      entries: entries.filter((entry) => entry.section === path || entry.section.startsWith(`${path}/`)),
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

// Site -> the table of pages: URL, template and the typed data each template gets. Pure.
import type { SectionConfig } from '../config.js';
import { yearOf } from '../calendar-date.js';
import type { Entry, Issue, Site, Taxonomy, TaxonomyId, Term } from '../model/types.js';
import { archiveUrl, issueUrl, outputPathOf, searchUrl, taxonomyUrl, yearUrl } from '../model/urls.js';
import { termPages, type TermPage } from './term-pages.js';

export interface SectionGroup {
  section: SectionConfig;
  entries: Entry[];
  subgroups: { section: SectionConfig; entries: Entry[] }[];
}

export type PageData =
  | { kind: 'home'; latest: Issue | null; latestGroups: SectionGroup[]; recent: Issue[] }
  | { kind: 'archive'; years: { year: number; issues: Issue[] }[] }
  | { kind: 'year'; year: number; issues: Issue[]; years: number[] }
  | { kind: 'issue'; issue: Issue; groups: SectionGroup[]; previous: Issue | null; next: Issue | null }
  | { kind: 'taxonomy'; taxonomy: Taxonomy }
  | ({ kind: 'term' } & Omit<TermPage, 'url' | 'title'>)
  | { kind: 'search'; sections: Taxonomy; regions: Taxonomy; sources: Taxonomy }
  | { kind: 'not-found' };

export interface Page {
  /** Relative to the base path: '' for home, 'issues/2022-11-21/'. */
  url: string;
  /** Relative to the output folder. */
  outputPath: string;
  template: string;
  title: string;
  data: PageData;
}

const TAXONOMIES: readonly TaxonomyId[] = ['sections', 'regions', 'sources', 'tags'];

export function routeSite(site: Site): Page[] {
  const pages: Page[] = [];
  const add = (url: string, template: string, title: string, data: PageData, outputPath = outputPathOf(url)) =>
    pages.push({ url, outputPath, template, title, data });

  const newestFirst = [...site.issues].reverse();
  const latest = newestFirst[0] ?? null;
  add('', 'home.njk', site.config.title, {
    kind: 'home',
    latest,
    latestGroups: latest ? groupBySection(site, latest.entries) : [],
    recent: newestFirst.slice(1, 1 + site.config.recentIssues),
  });

  const years = groupByYear(newestFirst);
  add(archiveUrl(), 'archive.njk', '往期回顾', { kind: 'archive', years });
  for (const { year, issues } of years) {
    add(yearUrl(year), 'year.njk', `${year}年`, { kind: 'year', year, issues, years: years.map((y) => y.year) });
  }

  const sectionsShown = sectionsKey(site);
  site.issues.forEach((issue, index) => {
    add(issueUrl(issue.id), 'issue.njk', issue.title, {
      kind: 'issue',
      issue,
      groups: issueGroups(site, issue, sectionsShown),
      previous: site.issues[index - 1] ?? null,
      next: site.issues[index + 1] ?? null,
    });
  });

  for (const id of TAXONOMIES) {
    const taxonomy = site.taxonomies[id];
    add(taxonomyUrl(id), 'taxonomy.njk', taxonomy.title, { kind: 'taxonomy', taxonomy });
    for (const term of taxonomy.terms) {
      for (const { url, title, ...shown } of termPagesOf(taxonomy, term, site.config.pageSize)) add(url, 'term.njk', title, { kind: 'term', ...shown });
    }
  }

  const { sections, regions, sources } = site.taxonomies;
  add(searchUrl(), 'search.njk', '搜索', { kind: 'search', sections, regions, sources });
  add('404.html', '404.njk', '页面未找到', { kind: 'not-found' }, '404.html');
  return pages;
}

// A long-lived builder's sites share the issues and terms that did not change (model/build-site.ts):
// what is made of one here is made once, and kept while what it was made from is the same.
const termPagesMade = new WeakMap<Term, { taxonomy: Taxonomy; pageSize: number; related: (Term | undefined)[]; pages: TermPage[] }>();
const groupsMade = new WeakMap<Issue, { sections: string; groups: SectionGroup[] }>();

/** termPages, kept for a term whose taxonomy, page size, parent and children are as they were. */
function termPagesOf(taxonomy: Taxonomy, term: Term, pageSize: number): TermPage[] {
  const related = [term.parent, ...term.children].map((key) => (key === null ? undefined : taxonomy.byKey.get(key)));
  const made = termPagesMade.get(term);
  if (made && made.pageSize === pageSize && (made.taxonomy === taxonomy || (made.taxonomy.title === taxonomy.title && made.related.every((other, i) => other === related[i])))) return made.pages;
  const pages = termPages(taxonomy, term, pageSize);
  termPagesMade.set(term, { taxonomy, pageSize, related, pages });
  return pages;
}

/** site.yml's sections as groups show them. */
const sectionsKey = (site: Site): string => JSON.stringify(site.config.sections);

function issueGroups(site: Site, issue: Issue, sections: string): SectionGroup[] {
  const made = groupsMade.get(issue);
  if (made?.sections === sections) return made.groups;
  const groups = groupBySection(site, issue.entries);
  groupsMade.set(issue, { sections, groups });
  return groups;
}

function groupByYear(newestFirst: readonly Issue[]): { year: number; issues: Issue[] }[] {
  const years: { year: number; issues: Issue[] }[] = [];
  for (const issue of newestFirst) {
    const year = yearOf(issue.start);
    const last = years[years.length - 1];
    if (last && last.year === year) last.issues.push(issue);
    else years.push({ year, issues: [issue] });
  }
  return years;
}

/** Entries (already in reading order) grouped under their top-level section and subsection. */
export function groupBySection(site: Site, entries: readonly Entry[]): SectionGroup[] {
  const groups: SectionGroup[] = [];
  for (const entry of entries) {
    const section = site.config.sectionByPath.get(entry.section)!;
    const top = site.config.sectionByPath.get(entry.section.split('/')[0]!)!;
    let group = groups.find((g) => g.section.path === top.path);
    if (!group) {
      group = { section: top, entries: [], subgroups: [] };
      groups.push(group);
    }
    if (section === top) {
      group.entries.push(entry);
      continue;
    }
    let subgroup = group.subgroups.find((g) => g.section.path === section.path);
    if (!subgroup) {
      subgroup = { section, entries: [] };
      group.subgroups.push(subgroup);
    }
    subgroup.entries.push(entry);
  }
  return groups;
}

/** Two pages may never share an output file; returns the clashing paths (empty when none). */
export function findCollisions(pages: readonly Page[]): string[] {
  const seen = new Set<string>();
  const clashes = new Set<string>();
  for (const page of pages) {
    if (seen.has(page.outputPath)) clashes.add(page.outputPath);
    seen.add(page.outputPath);
  }
  return [...clashes].sort();
}

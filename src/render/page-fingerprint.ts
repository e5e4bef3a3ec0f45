// A page's fingerprint: a hash of everything its HTML is made from, so a page whose fingerprint
// did not change since it was written need not be rendered again. Pure.
//
// What each page shows, and so what its fingerprint covers:
// - the build: tool, site.yml, build options (`global`), and the page's template files;
// - the page: url, output path, title, and its own data in full;
// - an entry it lists: its file's content, path and rendered-HTML key, the names and URLs of its
//   section, region, sources and tags, and its issue's header;
// - an issue's header: every field of the issue, how many entries it has, its note's HTML key;
// - a taxonomy it is given: names, slugs, parents, children and entry counts of the terms;
// - a term page: its data in full (route/term-pages.ts gives it only what it shows; a numbered
//   page has no counts), its entries as above.
// A page kind this module does not know gets no fingerprint and is always rendered.
import { hash } from 'node:crypto';
import type { Entry, Issue, Site, Taxonomy, TaxonomyId, Term } from '../model/types.js';
import type { Page, SectionGroup } from '../route/route-site.js';

export interface FingerprintInputs {
  site: Site;
  /** Tool, site.yml and build options. */
  global: string;
  /** The key of a Markdown file's rendered HTML (content, base path, link targets). */
  htmlKey: (sourcePath: string) => string;
  /** Hash of a page template and every template it uses. */
  templateHash: (template: string) => string;
  /** A long-lived builder's parts of fingerprints from earlier runs (see FingerprintMemo). */
  memo?: FingerprintMemo | undefined;
}

/**
 * What a long-lived builder keeps of its fingerprints from run to run: the parts made from an
 * unchanging object alone, which come out the same in every run (the site model's objects are
 * frozen, and an unchanged file's are the same objects from run to run).
 */
export interface FingerprintMemo {
  /** An entry's own fields, as entry() joins them. */
  fields: WeakMap<Entry, string>;
  /** An issue header's hash, with the HTML key of the note it was made with. */
  headers: WeakMap<Issue, { noteKey: string | null; hash: string }>;
}

export const emptyFingerprintMemo = (): FingerprintMemo => ({ fields: new WeakMap(), headers: new WeakMap() });

const sha1 = (text: string): string => hash('sha1', text);

export function createFingerprinter(inputs: FingerprintInputs): (page: Page) => string | null {
  const { site } = inputs;
  const headers = new Map<Issue, string>();
  const entries = new Map<Entry, string>();
  const terms = new Map<Term, string>();
  const taxonomies = new Map<Taxonomy, string>();

  const issueHeader = (issue: Issue): string => {
    let hash = headers.get(issue);
    if (hash === undefined) {
      const { entries: list, note, ...fields } = issue;
      const noteKey = note ? inputs.htmlKey(issue.sourcePath) : null;
      const kept = inputs.memo?.headers.get(issue);
      hash = kept && kept.noteKey === noteKey ? kept.hash : sha1(JSON.stringify([fields, list.length, noteKey]));
      inputs.memo?.headers.set(issue, { noteKey, hash });
      headers.set(issue, hash);
    }
    return hash;
  };
  // Every field (the body's part is the HTML key, which covers the file's content), fields added
  // later included; joined by hand, which costs less than JSON for 15,000 entries.
  const ownFields = (value: Entry): string => {
    let joined = inputs.memo?.fields.get(value);
    if (joined === undefined) {
      const parts: string[] = [];
      for (const key of Object.keys(value) as (keyof Entry)[]) {
        const field = value[key];
        parts.push(key, Array.isArray(field) ? field.join('\u0003') : typeof field === 'object' && field !== null ? JSON.stringify(field) : String(field));
      }
      joined = parts.join('\u0001');
      inputs.memo?.fields.set(value, joined);
    }
    return joined;
  };
  const termShown = (taxonomy: TaxonomyId, key: string): string => {
    const term = site.taxonomies[taxonomy].byKey.get(key);
    return term ? `${term.name}\u0001${term.slug}` : `?${key}`;
  };
  const entry = (value: Entry): string => {
    let hash = entries.get(value);
    if (hash === undefined) {
      const issue = site.issueById.get(value.issueId);
      const parts = [
        ownFields(value),
        inputs.htmlKey(value.sourcePath),
        issue ? issueHeader(issue) : '\u0002',
        termShown('sections', value.section),
        value.region === null ? '\u0002' : termShown('regions', value.region),
        value.sources.map((name) => termShown('sources', name)).join('\u0003'),
        value.tags.map((name) => termShown('tags', name)).join('\u0003'),
      ];
      hash = sha1(parts.join('\u0001'));
      entries.set(value, hash);
    }
    return hash;
  };
  const term = (value: Term): string => {
    let hash = terms.get(value);
    if (hash === undefined) {
      const { entries: list, ...fields } = value;
      hash = sha1(JSON.stringify([fields, list.length]));
      terms.set(value, hash);
    }
    return hash;
  };
  const taxonomy = (value: Taxonomy): string => {
    let hash = taxonomies.get(value);
    if (hash === undefined) {
      hash = sha1(JSON.stringify([value.id, value.title, value.terms.map(term)]));
      taxonomies.set(value, hash);
    }
    return hash;
  };
  const issueFull = (issue: Issue): string[] => [issueHeader(issue), ...issue.entries.map(entry)];
  const groups = (list: readonly SectionGroup[]) =>
    list.map((group) => [group.section.path, group.entries.map(entry), group.subgroups.map((sub) => [sub.section.path, sub.entries.map(entry)])]);

  return (page) => {
    const data = page.data;
    let shown: unknown;
    switch (data.kind) {
      case 'home':
        shown = [data.latest ? issueFull(data.latest) : null, groups(data.latestGroups), data.recent.map(issueHeader)];
        break;
      case 'archive':
        shown = data.years.map((year) => [year.year, year.issues.map(issueHeader)]);
        break;
      case 'year':
        shown = [data.year, data.issues.map(issueHeader), data.years];
        break;
      case 'issue':
        shown = [issueFull(data.issue), groups(data.groups), data.previous && issueHeader(data.previous), data.next && issueHeader(data.next)];
        break;
      case 'taxonomy':
        shown = taxonomy(data.taxonomy);
        break;
      case 'term': {
        // Its data is what it shows (route/term-pages.ts): a numbered page holds no counts.
        const { entries: list, ...rest } = data;
        shown = [rest, list.map(entry)];
        break;
      }
      case 'search':
        shown = [taxonomy(data.sections), taxonomy(data.regions), taxonomy(data.sources)];
        break;
      case 'not-found':
        shown = null;
        break;
      default:
        return null;
    }
    return sha1(JSON.stringify([inputs.global, inputs.templateHash(page.template), page.url, page.outputPath, page.title, data.kind, shown]));
  };
}

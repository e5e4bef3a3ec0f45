// What a change set touches: the inputs of the dependency graph (dependency-keys.ts) that may differ
// between the site a build made last and the site made now from the changed files. Pure.
//
// Only content under content/issues/ has keys. Any other change (site.yml, a file outside the
// format) returns null: every page may have changed. So does a change that renames or re-slugs
// a term another page links to, which the graph does not follow.
import { classifyContentPath } from '../parse/classify.js';
import { termInput, type TouchedInputs } from './dependency-keys.js';
import { sameTerms, type EntryOutline, type IssueOutline, type SiteOutline } from './site-outline.js';
import type { Site, TaxonomyId } from './types.js';

/**
 * `changedPaths` are content paths relative to the site root ('content/issues/…'), files or
 * folders, added, edited or removed between the two sites.
 */
export function touchedInputs(previous: SiteOutline, next: Site, changedPaths: Iterable<string>): TouchedInputs | null {
  const touched = { entries: new Set<string>(), issues: new Set<string>(), issueFields: new Set<string>(), issueList: false, terms: new Set<string>(), listedIn: new Set<string>(), taxonomies: new Set<TaxonomyId>() };
  const issueIds = new Set<string>();
  const entryPaths = new Set<string>();
  /** Per issue: how many of its entry files changed, and whether its index.md or an image did. */
  const editedEntries = new Map<string, number>();
  const headerFiles = new Set<string>();
  const folders: string[] = [];
  for (const changed of changedPaths) {
    const kind = classifyContentPath(changed);
    if (kind.kind === 'unknown') {
      // A whole issue or year folder added or removed: its issues are those found under it.
      if (!/^content\/issues(\/|$)/.test(changed)) return null;
      folders.push(`${changed.replace(/\/$/, '')}/`);
      continue;
    }
    issueIds.add(kind.folderName);
    if (kind.kind === 'entry') {
      entryPaths.add(changed);
      editedEntries.set(kind.folderName, (editedEntries.get(kind.folderName) ?? 0) + 1);
    } else {
      headerFiles.add(kind.folderName);
    }
  }
  if (folders.length > 0) {
    for (const site of [previous, next]) {
      for (const issue of site.issues) if (folders.some((folder) => issue.sourcePath.startsWith(folder))) issueIds.add(issue.id);
    }
  }
  if (issueIds.size === 0) return touched;

  const entries: EntryOutline[] = [];
  for (const id of issueIds) {
    const before = previous.issueById.get(id);
    const after = next.issueById.get(id);
    // An issue that came or went (a draft toggled, a folder added) brings or takes all its entries.
    const whole = !before || !after || inFolder(before, folders) || inFolder(after, folders);
    const changedEntries = [before, after].flatMap((issue) => issue?.entries.filter((entry) => whole || entryPaths.has(entry.sourcePath)) ?? []);
    entries.push(...changedEntries);
    // Its header (fields, note, assets, entry count) is the same when only entries it had and
    // still has were edited.
    const sameHeader = !whole && !headerFiles.has(id) && changedEntries.length === 2 * (editedEntries.get(id) ?? 0);
    if (sameHeader) continue;
    touched.issueList = true;
    touched.issues.add(id);
    if (whole || !sameFields(before, after)) touched.issueFields.add(id);
    for (const site of [previous, next]) {
      // Its neighbours link to it (previous / next issue).
      const order = site.issues.map((issue) => issue.id);
      const at = order.indexOf(id);
      if (at > 0) touched.issues.add(order[at - 1]!);
      if (at >= 0 && at + 1 < order.length) touched.issues.add(order[at + 1]!);
    }
  }
  // An entry edited without leaving or joining a term changes no term's list or counts: the
  // pages that list it see it change (touched.entries), the rest of its terms' pages do not.
  const versions = new Map<string, EntryOutline[]>();
  for (const entry of entries) versions.set(entry.sourcePath, [...(versions.get(entry.sourcePath) ?? []), entry]);
  /** The terms whose lists hold `entry`, in either site: its own and (a list holds its children's entries) their parents. */
  const holders = (entry: EntryOutline, add: (input: string, taxonomy: TaxonomyId) => void) => {
    for (const site of [previous, next]) {
      for (const [taxonomy, keys] of termsOf(entry)) {
        for (const key of keys) {
          for (let term = site.taxonomies[taxonomy].byKey.get(key); term; term = term.parent === null ? undefined : site.taxonomies[taxonomy].byKey.get(term.parent)) {
            add(termInput(taxonomy, term.key), taxonomy);
          }
        }
      }
    }
  };
  for (const [sourcePath, both] of versions) {
    touched.entries.add(sourcePath);
    for (const entry of both) holders(entry, (input) => touched.listedIn.add(input));
    if (both.length === 2 && sameTerms(both[0]!, both[1]!)) continue;
    for (const entry of both) {
      for (const [taxonomy] of termsOf(entry).filter(([, keys]) => keys.length > 0)) touched.taxonomies.add(taxonomy);
      holders(entry, (input) => touched.terms.add(input));
    }
  }
  // A list shows an entry's issue fields (date, title): the lists of every entry of such an issue.
  for (const id of touched.issueFields) {
    for (const site of [previous, next]) for (const entry of site.issueById.get(id)?.entries ?? []) holders(entry, (input) => touched.listedIn.add(input));
  }
  for (const taxonomy of touched.taxonomies) {
    if (!sameTermNames(previous, next, taxonomy)) return null;
  }
  return touched;
}

function sameFields(a: IssueOutline, b: IssueOutline): boolean {
  return (Object.keys(a) as (keyof IssueOutline)[]).every((key) => key === 'entries' || (key as string) === 'note' || (key as string) === 'assets' || a[key] === b[key]);
}

function inFolder(issue: IssueOutline, folders: readonly string[]): boolean {
  return folders.some((folder) => issue.sourcePath.startsWith(folder));
}

function termsOf(entry: EntryOutline): [TaxonomyId, readonly string[]][] {
  return [
    ['sections', [entry.section]],
    ['regions', entry.region === null ? [] : [entry.region]],
    ['sources', entry.sources],
    ['tags', entry.tags],
  ];
}

/** Every term in both sites keeps its name, slug and parent (new slugs may shift old ones). */
function sameTermNames(previous: SiteOutline, next: Site, taxonomy: TaxonomyId): boolean {
  const before = previous.taxonomies[taxonomy].byKey;
  for (const term of next.taxonomies[taxonomy].terms) {
    const old = before.get(term.key);
    if (old && (old.name !== term.name || old.slug !== term.slug || old.parent !== term.parent)) return false;
  }
  return true;
}

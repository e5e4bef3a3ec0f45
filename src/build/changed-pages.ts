// The pages a run must look at again, by the dependency graph: those that read an input the
// change set touched, and those not written before. Pure.
import { touchesNothing } from '../model/dependency-keys.js';
import { touchedInputs } from '../model/site-changes.js';
import type { SiteOutline } from '../model/site-outline.js';
import type { Site } from '../model/types.js';
import type { PageRecord } from '../render/render-site.js';
import { listsTouched, readsTouched } from '../route/page-dependencies.js';
import type { Page } from '../route/route-site.js';

/**
 * Output paths of the pages whose fingerprints must be made again after `changedPaths` turned
 * `previous` (routed as `previousPages`) into `site`; every other page is as `recorded` says.
 * Null when the change set reaches every page (site.yml, a renamed term, ...).
 */
/** Content paths added, removed or edited between two runs' content hashes. */
export function changedFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changed: string[] = [];
  for (const [contentPath, hash] of after) if (before.get(contentPath) !== hash) changed.push(contentPath);
  for (const contentPath of before.keys()) if (!after.has(contentPath)) changed.push(contentPath);
  return changed;
}

/**
 * What the graph keeps of a page: its output path and, for a term's numbered page, the links to
 * its neighbours and the source paths of the entries it holds.
 */
export interface PageOutline {
  readonly outputPath: string;
  readonly numbered: { readonly newer: string | null; readonly older: string | null; readonly entries: readonly string[] } | null;
}

export function outlinePage(page: Page): PageOutline {
  const data = page.data;
  const numbered = data.kind === 'term' && data.pagination.page !== null ? { newer: data.pagination.newer, older: data.pagination.older, entries: data.entries.map((entry) => entry.sourcePath) } : null;
  return { outputPath: page.outputPath, numbered };
}

export function pagesToCheck(
  previous: { site: SiteOutline; pages: readonly PageOutline[] },
  site: Site,
  pages: readonly Page[],
  changedPaths: Iterable<string>,
  recorded: ReadonlyMap<string, PageRecord>,
): Set<string> | null {
  const touched = touchedInputs(previous.site, site, changedPaths);
  if (!touched) return null;
  const check = new Set<string>();
  const nothing = touchesNothing(touched);
  let before: Map<string, PageOutline> | undefined;
  for (const page of pages) {
    if (!recorded.has(page.outputPath)) {
      check.add(page.outputPath);
      continue;
    }
    if (nothing || !readsTouched(page, touched)) continue;
    before ??= new Map(previous.pages.map((old) => [old.outputPath, old]));
    if (!sameNumberedPage(before.get(page.outputPath), page) || (page.data.kind === 'term' && listsTouched(page.data.entries, touched))) check.add(page.outputPath);
  }
  return check;
}

/**
 * A term's numbered page shows its slice of the term's list and the links to its neighbours,
 * nothing else of the term: when its list changed, such a page that holds the same entries and
 * links as before changes only if one of its entries did.
 */
function sameNumberedPage(old: PageOutline | undefined, page: Page): boolean {
  const [a, b] = [old?.numbered, outlinePage(page).numbered];
  if (!a || !b) return false;
  return a.newer === b.newer && a.older === b.older && a.entries.length === b.entries.length && a.entries.every((sourcePath, i) => sourcePath === b.entries[i]);
}

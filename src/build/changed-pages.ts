// The pages a run must look at again, by the dependency graph: those that read an input the
// change set touched, and those not written before. Pure.
import { touchesNothing } from '../model/dependency-keys.js';
import { touchedInputs } from '../model/site-changes.js';
import type { Site } from '../model/types.js';
import type { PageRecord } from '../render/render-site.js';
import { listsTouched, readsTouched } from '../route/page-dependencies.js';
import type { Page } from '../route/route-site.js';

/**
 * Output paths of the pages whose fingerprints must be made again after `changedPaths` turned
 * `previous` (routed as `previousPages`) into `site`; every other page is as `recorded` says.
 * Null when the change set reaches every page (site.yml, a renamed term, ...).
 */
export function pagesToCheck(
  previous: { site: Site; pages: readonly Page[] },
  site: Site,
  pages: readonly Page[],
  changedPaths: Iterable<string>,
  recorded: ReadonlyMap<string, PageRecord>,
): Set<string> | null {
  const touched = touchedInputs(previous.site, site, changedPaths);
  if (!touched) return null;
  const check = new Set<string>();
  const nothing = touchesNothing(touched);
  let before: Map<string, Page> | undefined;
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
function sameNumberedPage(old: Page | undefined, page: Page): boolean {
  const [a, b] = [old?.data, page.data];
  if (a?.kind !== 'term' || b.kind !== 'term' || a.pagination.page === null || b.pagination.page === null) return false;
  return (
    a.pagination.newer === b.pagination.newer &&
    a.pagination.older === b.pagination.older &&
    a.entries.length === b.entries.length &&
    a.entries.every((entry, i) => entry.sourcePath === b.entries[i]!.sourcePath)
  );
}

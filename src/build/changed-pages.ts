// The pages a run must look at again, by the dependency graph: those that read an input the
// change set touched, and those not written before. Pure.
import { touchesNothing } from '../model/dependency-keys.js';
import { touchedInputs } from '../model/site-changes.js';
import type { Site } from '../model/types.js';
import type { PageRecord } from '../render/render-site.js';
import { readsTouched } from '../route/page-dependencies.js';
import type { Page } from '../route/route-site.js';

/**
 * Output paths of the pages whose fingerprints must be made again after `changedPaths` turned
 * `previous` into `site`; every other page is as `recorded` says. Null when the change set
 * reaches every page (site.yml, a renamed term, ...).
 */
export function pagesToCheck(previous: Site, site: Site, pages: readonly Page[], changedPaths: Iterable<string>, recorded: ReadonlyMap<string, PageRecord>): Set<string> | null {
  const touched = touchedInputs(previous, site, changedPaths);
  if (!touched) return null;
  const check = new Set<string>();
  const nothing = touchesNothing(touched);
  for (const page of pages) {
    if (!recorded.has(page.outputPath)) {
      check.add(page.outputPath);
      continue;
    }
    if (!nothing && readsTouched(page, touched)) check.add(page.outputPath);
  }
  return check;
}

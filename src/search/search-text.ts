// An entry's searchable text: its title, the text of its body as readers see it, and the names
// shown under it (region, sources, tags). Blocks are kept apart by a BLOCK_BREAK and names by a
// space, so that the end of one and the start of the next never form a match.
import type { Entry } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';

export interface SearchText {
  title: string;
  /** Blocks apart by BLOCK_BREAK (parse/block-join.ts). */
  body: string;
  /** The names under the entry as its page shows them, each collapsed: region ('' for none), sources, tags. */
  facets: SearchFacets;
}

export type SearchFacets = [region: string, sources: string[], tags: string[]];

export function searchText(entry: Entry, bodies: BodyStore): SearchText {
  const names = (values: readonly string[]) => values.map(collapse).filter((name) => name !== '');
  return {
    title: collapse(entry.title),
    body: bodies.text(entry.sourcePath),
    // As the entry's page labels the region: its levels apart by ' · '.
    facets: [collapse((entry.region ?? '').split('/').join(' · ')), names(entry.sources), names(entry.tags)],
  };
}

/** The names of the facets, space-separated, as the index holds them after the title and body. */
export function keywordsText([region, sources, tags]: SearchFacets): string {
  return [region, ...sources, ...tags].filter((name) => name !== '').join(' ');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// An entry's searchable text: its title, the text of its body as readers see it, and the names
// shown under it (region, sources, tags). Blocks and names are kept apart by a space so that
// the end of one and the start of the next never form a match.
import type { Entry } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';

export interface SearchText {
  title: string;
  body: string;
  /** Region, sources and tags, space-separated. */
  keywords: string;
}

export function searchText(entry: Entry, bodies: BodyStore): SearchText {
  return {
    title: collapse(entry.title),
    body: bodies.text(entry.sourcePath),
    keywords: collapse([entry.region ?? '', ...entry.sources, ...entry.tags].join(' ')),
  };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

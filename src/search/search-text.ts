// An entry's searchable text: its title, the text of its body as readers see it, and the names
// shown under it (region, sources, tags). Blocks and names are kept apart by a space so that
// the end of one and the start of the next never form a match.
import type { Nodes, Root } from 'mdast';
import type { Entry } from '../model/types.js';

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'list', 'listItem', 'code', 'table', 'tableRow', 'tableCell', 'thematicBreak']);

export interface SearchText {
  title: string;
  body: string;
  /** Region, sources and tags, space-separated. */
  keywords: string;
}

export function searchText(entry: Entry): SearchText {
  return {
    title: collapse(entry.title),
    body: collapse(bodyText(entry.body)),
    keywords: collapse([entry.region ?? '', ...entry.sources, ...entry.tags].join(' ')),
  };
}

/** What the index holds for an entry: its fields joined by spaces. */
export function indexedText(text: SearchText): string {
  return `${text.title} ${text.body} ${text.keywords}`;
}

export function bodyText(tree: Root): string {
  const parts: string[] = [];
  const walk = (node: Nodes): void => {
    if (BLOCKS.has(node.type)) parts.push(' ');
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') parts.push(node.value);
    else if (node.type === 'break') parts.push(' ');
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return parts.join('');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

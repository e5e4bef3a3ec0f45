// Markdown body -> HTML, with relative content links rewritten to site URLs. The tree is cloned
// first: parsed trees may be cached and shared, and rendering must never change them.
import type { Image, Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { resolveContentLink } from '../model/content-links.js';
import { markdownToHtml } from '../parse/markdown.js';

export interface EntryHtmlOptions {
  /** Path of the Markdown file, relative to the site root. */
  sourcePath: string;
  /** The base path every site URL is prefixed with: '/digest/'. */
  basePath: string;
  exists: (contentPath: string) => boolean;
}

export function renderMarkdown(tree: Root, options: EntryHtmlOptions): string {
  const copy = structuredClone(tree);
  visit(copy, ['link', 'image'], (node) => {
    const target = resolveContentLink(options.sourcePath, (node as Link | Image).url, options.exists);
    if (target.kind === 'content') (node as Link | Image).url = options.basePath + target.url;
  });
  return markdownToHtml(copy);
}

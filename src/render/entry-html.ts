// Markdown body -> HTML, with relative content links rewritten to site URLs. The tree is cloned
// first: parsed trees may be cached and shared, and rendering must never change them. A caller
// that owns a fresh tree (a parse worker) may skip the copy.
import type { Root } from 'mdast';
import { resolveContentLink } from '../model/content-links.js';
import { forEachLink } from '../parse/body-facts.js';
import { parsers } from '../parse/parsers.js';
import { plainMarkdownToHtml } from '../parse/plain-html.js';

export interface EntryHtmlOptions {
  /** Path of the Markdown file, relative to the site root. */
  sourcePath: string;
  /** The base path every site URL is prefixed with: '/digest/'. */
  basePath: string;
  exists: (contentPath: string) => boolean;
}

export function renderMarkdown(tree: Root, options: EntryHtmlOptions): string {
  return renderOwnedMarkdown(structuredClone(tree), options);
}

/** Like renderMarkdown, but rewrites links in `tree` itself: only for a tree nobody else holds. */
export function renderOwnedMarkdown(tree: Root, options: EntryHtmlOptions): string {
  forEachLink(tree, (node) => {
    const target = resolveContentLink(options.sourcePath, node.url, options.exists);
    if (target.kind === 'content') node.url = options.basePath + target.url;
  });
  // Plain trees without loading remark (parse workers, most of whose bodies are plain, never load it).
  return plainMarkdownToHtml(tree) ?? parsers().markdown.markdownToHtmlWithRemark(tree);
}

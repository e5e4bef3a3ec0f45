// Markdown body -> HTML, with relative content links rewritten to site URLs. The tree is cloned
// first: parsed trees may be cached and shared, and rendering must never change them. A caller
// that owns a fresh tree (a parse worker) may skip the copy.
import path from 'node:path';
import type { Heading, Root, RootContent } from 'mdast';
import { resolveContentLink } from '../model/content-links.js';
import { forEachLink } from '../parse/body-facts.js';
import { FAST_PATHS } from '../parse/fast-path-switch.js';
import { parsers } from '../parse/parsers.js';
import { plainMarkdownToHtml } from '../parse/plain-html.js';

export interface EntryHtmlOptions {
  /** Path of the Markdown file, relative to the site root. */
  sourcePath: string;
  /** Levels added to every heading of the body (bodyHeadingOffset). */
  headingOffset: number;
  /** The base path every site URL is prefixed with: '/digest/'. */
  basePath: string;
  exists: (contentPath: string) => boolean;
}

export function renderMarkdown(tree: Root, options: EntryHtmlOptions): string {
  return renderOwnedMarkdown(structuredClone(tree), options);
}

/** Like renderMarkdown, but rewrites links in `tree` itself: only for a tree nobody else holds. */
export function renderOwnedMarkdown(tree: Root, options: EntryHtmlOptions): string {
  if (options.headingOffset !== 0) shiftHeadings(tree, options.headingOffset);
  forEachLink(tree, (node) => {
    const target = resolveContentLink(options.sourcePath, node.url, options.exists);
    if (target.kind === 'content') node.url = options.basePath + target.url;
  });
  // Plain trees without loading remark (parse workers, most of whose bodies are plain, never load it).
  return (FAST_PATHS ? plainMarkdownToHtml(tree) : null) ?? parsers().markdown.markdownToHtmlWithRemark(tree);
}

/** The deepest heading HTML has. */
const MAX_HEADING = 6;

/**
 * Levels to add to a body's headings so that they rank below the entry's title. Bodies start
 * their headings at `###`; an entry's title is one level below its section's heading (h3 in a
 * section, h4 in a subsection), so `###` becomes h4, or h5 in a subsection. An issue's note
 * sits under the issue title, as written. `section` is the entry's section path as written.
 */
export function bodyHeadingOffset(sourcePath: string, section: unknown): number {
  if (path.posix.basename(sourcePath) === 'index.md') return 0;
  return typeof section === 'string' ? section.split('/').length : 1;
}

function shiftHeadings(node: Root | RootContent, offset: number): void {
  if (node.type === 'heading') node.depth = Math.min(MAX_HEADING, node.depth + offset) as Heading['depth'];
  if ('children' in node) for (const child of node.children) shiftHeadings(child, offset);
}

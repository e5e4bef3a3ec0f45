// Markdown -> HTML for feed readers, which show it away from the site: every link and image
// becomes absolute (content links to the entry's URL, other relative ones against the page the
// Markdown appears on). The tree is cloned: parsed trees are shared and must not change.
import type { Image, Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { resolveContentLink } from '../model/content-links.js';
import { parsers } from '../parse/parsers.js';

export interface FeedHtmlOptions {
  /** Path of the Markdown file, relative to the site root. */
  sourcePath: string;
  /** Absolute URL of the site, ending in '/'. */
  siteUrl: string;
  /** Absolute URL of the page the Markdown is shown on, for its own relative links. */
  pageUrl: string;
  exists: (contentPath: string) => boolean;
}

export function feedHtml(tree: Root, options: FeedHtmlOptions): string {
  const copy = structuredClone(tree);
  visit(copy, ['link', 'image'], (node) => {
    const target = node as Link | Image;
    const resolved = resolveContentLink(options.sourcePath, target.url, options.exists);
    if (resolved.kind === 'content') target.url = options.siteUrl + resolved.url;
    else if (!/^[a-z][a-z0-9+.-]*:/i.test(target.url)) target.url = new URL(target.url, options.pageUrl).href;
  });
  return parsers().markdown.markdownToHtml(copy);
}

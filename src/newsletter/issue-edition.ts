// One issue as the newsletter editions show it: plain data made from the built Site and its
// BodyStore. Bodies are the renderer's entry HTML (sanitized by remark-html), read back into a
// hast tree by a real HTML parser, with every link and image made absolute against the issue's
// web page, so that an edition read in a mail client or pasted elsewhere leads where the site does.
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { chineseDate } from '../calendar-date.js';
import type { Entry, Issue, Site } from '../model/types.js';
import { archiveUrl, entryUrl, issueUrl } from '../model/urls.js';
import type { BodyStore } from '../parse/body-store.js';
import { bodyHeadingOffset, renderMarkdown } from '../render/entry-html.js';
import { groupBySection } from '../route/route-site.js';

export interface EditionEntry {
  readonly title: string;
  /** The entry on the issue's web page, absolute. */
  readonly url: string;
  readonly authors: readonly string[];
  readonly citation: string | null;
  readonly sources: readonly string[];
  /** '山东省 · 济南市', or null. */
  readonly region: string | null;
  /** The body, sanitized, links and images absolute. */
  readonly body: Root;
}

export interface EditionGroup {
  readonly title: string;
  readonly entries: readonly EditionEntry[];
  readonly subgroups: readonly { readonly title: string; readonly entries: readonly EditionEntry[] }[];
}

export interface IssueEdition {
  readonly issueId: string;
  readonly siteTitle: string;
  readonly language: string;
  /** The issue's title: the mail's subject. */
  readonly title: string;
  /** '第12期 · 2022年11月21日 至 2022年11月27日' */
  readonly dates: string;
  /** The day the mail is dated: `published`, else the last day of the week. */
  readonly date: string;
  readonly editor: string | null;
  readonly originalUrl: string | null;
  /** The issue's web page, the archive and the home page, absolute. */
  readonly webUrl: string;
  readonly archiveUrl: string;
  readonly homeUrl: string;
  /** The editor's note (编者按), or null. */
  readonly note: Root | null;
  readonly groups: readonly EditionGroup[];
}

export interface IssueEditionOptions {
  site: Site;
  bodies: BodyStore;
  issue: Issue;
}

export function issueEdition(options: IssueEditionOptions): IssueEdition {
  const { site, bodies, issue } = options;
  const { config } = site;
  const webUrl = new URL(issueUrl(issue.id), config.url).href;
  const exists = contentPaths(site);
  const body = (sourcePath: string, tree: Parameters<typeof renderMarkdown>[0], section: string | null): Root => {
    const html = renderMarkdown(tree, { sourcePath, headingOffset: bodyHeadingOffset(sourcePath, section), basePath: config.basePath, exists: (p) => exists.has(p) });
    return absoluteLinks(fromHtml(html, { fragment: true }), webUrl);
  };
  const entry = (item: Entry): EditionEntry => ({
    title: item.title,
    url: new URL(entryUrl(item.issueId, item.slug), config.url).href,
    authors: item.authors,
    citation: item.citation,
    sources: item.sources,
    region: item.region === null ? null : item.region.split('/').join(' · '),
    body: body(item.sourcePath, bodies.tree(item.sourcePath), item.section),
  });
  const groups = groupBySection(site, issue.entries).map((group) => ({
    title: group.section.title,
    entries: group.entries.map(entry),
    subgroups: group.subgroups.map((sub) => ({ title: sub.section.title, entries: sub.entries.map(entry) })),
  }));
  return {
    issueId: issue.id,
    siteTitle: config.title,
    language: config.language,
    title: issue.title,
    dates: `${issue.number === null ? '' : `第${issue.number}期 · `}${chineseDate(issue.start)} 至 ${chineseDate(issue.end)}`,
    date: issue.published ?? issue.end,
    editor: issue.editor,
    originalUrl: issue.originalUrl,
    webUrl,
    archiveUrl: new URL(archiveUrl(), config.url).href,
    homeUrl: config.url,
    note: issue.note ? body(issue.sourcePath, issue.note, null) : null,
    groups,
  };
}

/** The content files a relative link may lead to, as the site holds them: entries, issue headers, images. */
function contentPaths(site: Site): Set<string> {
  const paths = new Set<string>();
  for (const issue of site.issues) {
    paths.add(issue.sourcePath);
    for (const entry of issue.entries) paths.add(entry.sourcePath);
    const folder = path.posix.dirname(issue.sourcePath);
    for (const asset of issue.assets) paths.add(`${folder}/${asset}`);
  }
  return paths;
}

/** Every href and src resolved against `base`; one that does not resolve is dropped. */
function absoluteLinks(tree: Root, base: string): Root {
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      for (const name of ['href', 'src'] as const) {
        const value = child.properties[name];
        if (typeof value !== 'string') continue;
        if (URL.canParse(value, base)) child.properties[name] = new URL(value, base).href;
        else delete child.properties[name];
      }
      visit(child);
    }
  };
  visit(tree);
  return tree;
}

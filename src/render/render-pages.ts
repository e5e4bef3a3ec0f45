// Pages -> HTML. Each entry's Markdown is rendered once per build and reused by every page that
// shows it (its issue page, the home page); so is its summary, which an entry's section, region,
// source and tag pages all list.
import type { Root } from 'mdast';
import nunjucks from 'nunjucks';
import { toString } from 'mdast-util-to-string';
import type { Entry, Issue, Site, TaxonomyId } from '../model/types.js';
import { entryUrl, termUrl } from '../model/urls.js';
import type { Page } from '../route/route-site.js';
import { renderMarkdown } from './entry-html.js';
import { regionSlug } from '../model/regions.js';

export interface TermLink {
  name: string;
  url: string;
}

/** What templates see of an entry. */
export interface EntryView {
  entry: Entry;
  url: string;
  issue: Issue;
  html: string;
  excerpt: string;
  section: TermLink;
  region: TermLink | null;
  sources: TermLink[];
  tags: TermLink[];
}

/** Where a content file's Markdown comes from as HTML and as plain text. */
export interface MarkdownSource {
  /** Links already rewritten to site URLs. */
  html(sourcePath: string, tree: Root): string;
  /** Whitespace collapsed; the start of it is enough (see TEXT_PREFIX). */
  text(sourcePath: string, tree: Root): string;
}

export interface RendererOptions {
  site: Site;
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
  /** Default: render and flatten the trees (a build passes its cached HTML and text). */
  markdown?: MarkdownSource | undefined;
  /** Labels `digest dev` adds to every page (live reload). */
  devScript?: string | undefined;
}

const EXCERPT_LENGTH = 120;

/**
 * Templates that page templates use through a global function rather than an include, so a page
 * depends on them as it depends on what it includes (see templateHashes).
 */
export const HELPER_TEMPLATES: Readonly<Record<string, string>> = {
  /** entrySummary(entry): partials/entry-summary.njk with `view` set, rendered once per entry. */
  entrySummary: 'partials/entry-summary.njk',
};

export function createRenderer(options: RendererOptions) {
  const { site, env } = options;
  const views = new WeakMap<Entry, EntryView>();
  const notes = new WeakMap<Issue, string>();
  const termLink = (taxonomy: TaxonomyId, key: string): TermLink => {
    const term = site.taxonomies[taxonomy].byKey.get(key);
    return { name: term?.name ?? key, url: term ? termUrl(taxonomy, term.slug) : termUrl(taxonomy, taxonomy === 'regions' ? regionSlug(key) : key) };
  };
  const markdown: MarkdownSource = options.markdown ?? {
    html: (sourcePath, tree) => renderMarkdown(tree, { sourcePath, basePath: site.config.basePath, exists: options.exists }),
    text: (_sourcePath, tree) => plainText(tree),
  };

  const entryView = (entry: Entry): EntryView => {
    let view = views.get(entry);
    if (view) return view;
    let rendered: string | undefined;
    const text = markdown.text(entry.sourcePath, entry.body);
    view = {
      entry,
      url: entryUrl(entry.issueId, entry.slug),
      issue: site.issueById.get(entry.issueId)!,
      get html() {
        rendered ??= markdown.html(entry.sourcePath, entry.body);
        return rendered;
      },
      excerpt: text.length > EXCERPT_LENGTH ? `${[...text].slice(0, EXCERPT_LENGTH).join('')}…` : text,
      section: termLink('sections', entry.section),
      region: entry.region ? termLink('regions', entry.region) : null,
      sources: entry.sources.map((name) => termLink('sources', name)),
      tags: entry.tags.map((name) => termLink('tags', name)),
    };
    views.set(entry, view);
    return view;
  };
  const noteHtml = (issue: Issue): string => {
    if (!issue.note) return '';
    let rendered = notes.get(issue);
    if (rendered === undefined) {
      rendered = markdown.html(issue.sourcePath, issue.note);
      notes.set(issue, rendered);
    }
    return rendered;
  };

  // A summary shows only its entry (the partial sees `view` and the globals, not the page), so
  // it is rendered once, not once per term page listing it: an archive's term pages list each
  // entry five or six times.
  const summaries = new WeakMap<Entry, nunjucks.runtime.SafeString>();
  const entrySummary = (entry: Entry): nunjucks.runtime.SafeString => {
    let summary = summaries.get(entry);
    if (summary === undefined) {
      summary = new nunjucks.runtime.SafeString(env.render(HELPER_TEMPLATES.entrySummary!, { ...globals, view: entryView(entry) }));
      summaries.set(entry, summary);
    }
    return summary;
  };

  const globals = {
    site: site.config,
    entryView,
    entrySummary,
    noteHtml,
    devScript: options.devScript ?? '',
  };

  return function renderPage(page: Page): string {
    return env.render(page.template, { ...globals, page });
  };
}

/** A tree's text without markup, whitespace collapsed: what excerpts are cut from. */
export function plainText(tree: Root): string {
  return toString(tree).replace(/\s+/g, ' ').trim();
}

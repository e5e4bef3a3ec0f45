// Pages -> HTML. Each entry's Markdown is rendered once per build and reused by every page that
// shows it (its issue page, the home page); so is its summary, which an entry's section, region,
// source and tag pages all list.
import type { Root } from 'mdast';
import nunjucks from 'nunjucks';
import { readableTextOf } from '../parse/body-facts.js';
import type { Entry, Issue, Site, TaxonomyId } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';
import { entryUrl, termUrl } from '../model/urls.js';
import type { Page } from '../route/route-site.js';
import { bodyHeadingOffset, renderMarkdown } from './entry-html.js';
import { excerptOf } from './excerpt.js';
import { regionSlug } from '../regions.js';

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
  /**
   * Links already rewritten to site URLs. `tree` is asked for only when the HTML is not at hand:
   * an entry's tree is made on demand (its file read and parsed again), and kept once made.
   */
  html(sourcePath: string, tree: () => Root, headingOffset: number): string;
  /** Whitespace collapsed; the start of it is enough (see TEXT_PREFIX). */
  text(sourcePath: string, tree: () => Root): string;
  /**
   * Given, the renderer lets go of each entry's HTML once its issue page is rendered, and this
   * lets go of the stored copy (a build that keeps no cache); asked for again, it is made again
   * from the tree. The built-in templates show an entry's HTML on that page and on the home
   * page, which renders first: an archive's HTML is ~50 MB at 15,000 entries, and the term pages
   * that follow need none of it. A theme that shows it elsewhere still gets it, made again once.
   */
  release?(sourcePath: string): void;
}

export interface RendererOptions {
  site: Site;
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
  /** The entries' bodies. */
  bodies: BodyStore;
  /** Default: render and flatten the trees (a build passes its cached HTML and text). */
  markdown?: MarkdownSource | undefined;
  /** Labels `digest dev` adds to every page (live reload). */
  devScript?: string | undefined;
  /** A long-lived builder's summaries, kept from run to run (see KeptSummaries). */
  keptSummaries?: KeptSummaries | undefined;
}

/**
 * Entry summaries kept across a long-lived builder's runs. A summary is made from its entry, the
 * entry's issue, the names and URLs of its terms, its body (`sourceKey`: what the body's HTML
 * and text are made from), the templates and site.yml (`key`). Entries and issues that did not
 * change are the same objects from run to run (model/build-site.ts), so a summary made for the
 * same objects, links and keys is the one this run would make.
 */
export interface KeptSummaries {
  key: string;
  sourceKey: (sourcePath: string) => string;
  made: WeakMap<Entry, { key: string; issue: Issue; links: string; html: string }>;
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
  // Views of the page being rendered: an entry is shown on its issue page and listed (by its
  // summary, made once) on term pages, so a view kept for the whole build (~20 MB at 15,000
  // entries) would mostly wait for nothing.
  let views = new Map<Entry, EntryView>();
  const notes = new WeakMap<Issue, string>();
  const termLink = (taxonomy: TaxonomyId, key: string): TermLink => {
    const term = site.taxonomies[taxonomy].byKey.get(key);
    return { name: term?.name ?? key, url: term ? termUrl(taxonomy, term.slug) : termUrl(taxonomy, taxonomy === 'regions' ? regionSlug(key) : key) };
  };
  const markdown: MarkdownSource = options.markdown ?? {
    html: (sourcePath, tree, headingOffset) => renderMarkdown(tree(), { sourcePath, headingOffset, basePath: site.config.basePath, exists: options.exists }),
    text: (_sourcePath, tree) => plainText(tree()),
  };

  const htmls = new Map<Entry, string>();
  const entryView = (entry: Entry): EntryView => {
    let view = views.get(entry);
    if (view) return view;
    const tree = () => options.bodies.tree(entry.sourcePath);
    const text = markdown.text(entry.sourcePath, tree);
    view = {
      entry,
      url: entryUrl(entry.issueId, entry.slug),
      issue: site.issueById.get(entry.issueId)!,
      get html() {
        let html = htmls.get(entry);
        if (html === undefined) {
          html = markdown.html(entry.sourcePath, tree, bodyHeadingOffset(entry.sourcePath, entry.section));
          htmls.set(entry, html);
        }
        return html;
      },
      excerpt: excerptOf(text, EXCERPT_LENGTH),
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
      rendered = markdown.html(issue.sourcePath, () => issue.note!, bodyHeadingOffset(issue.sourcePath, null));
      notes.set(issue, rendered);
    }
    return rendered;
  };

  // A summary shows only its entry (the partial sees `view` and the globals, not the page), so
  // it is rendered once, not once per term page listing it: an archive's term pages list each
  // entry five or six times.
  const summaries = new WeakMap<Entry, string>();
  const entrySummary = (entry: Entry): nunjucks.runtime.SafeString => {
    let summary = summaries.get(entry);
    if (summary === undefined) {
      const view = entryView(entry);
      const kept = options.keptSummaries;
      const key = kept ? `${kept.key}\u0001${kept.sourceKey(entry.sourcePath)}` : '';
      const links = kept ? [view.section, view.region, ...view.sources, ...view.tags].map((link) => (link ? `${link.name}\u0002${link.url}` : '')).join('\u0001') : '';
      const made = kept?.made.get(entry);
      if (made && made.key === key && made.issue === view.issue && made.links === links) {
        summary = made.html;
      } else {
        summary = env.render(HELPER_TEMPLATES.entrySummary!, { ...globals, view });
        kept?.made.set(entry, { key, issue: view.issue, links, html: summary });
      }
      summaries.set(entry, summary);
    }
    return new nunjucks.runtime.SafeString(summary);
  };

  // entryBody(view): the entry's HTML, marked safe.
  const entryBody = (view: EntryView): nunjucks.runtime.SafeString => new nunjucks.runtime.SafeString(view.html);

  const globals = {
    site: site.config,
    entryView,
    entryBody,
    entrySummary,
    noteHtml,
    devScript: options.devScript ?? '',
  };

  const release = markdown.release;
  return function renderPage(page: Page): string {
    views = new Map();
    const html = env.render(page.template, { ...globals, page });
    if (release && page.data.kind === 'issue') {
      for (const entry of page.data.issue.entries) {
        htmls.delete(entry);
        release(entry.sourcePath);
      }
    }
    return html;
  };
}

/** A tree's text without markup, whitespace collapsed, blocks joined for reading: what excerpts are cut from. */
export function plainText(tree: Root): string {
  return readableTextOf(tree);
}

// Pages -> HTML. Each entry's Markdown is rendered once per build and reused by every page that
// shows it (its issue page, the home page).
import type nunjucks from 'nunjucks';
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

export interface RendererOptions {
  site: Site;
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
  /** Labels `digest dev` adds to every page (live reload). */
  devScript?: string | undefined;
}

const EXCERPT_LENGTH = 120;

export function createRenderer(options: RendererOptions) {
  const { site, env } = options;
  const views = new WeakMap<Entry, EntryView>();
  const notes = new WeakMap<Issue, string>();
  const termLink = (taxonomy: TaxonomyId, key: string): TermLink => {
    const term = site.taxonomies[taxonomy].byKey.get(key);
    return { name: term?.name ?? key, url: term ? termUrl(taxonomy, term.slug) : termUrl(taxonomy, taxonomy === 'regions' ? regionSlug(key) : key) };
  };
  const html = (tree: Entry['body'], sourcePath: string) =>
    renderMarkdown(tree, { sourcePath, basePath: site.config.basePath, exists: options.exists });

  const entryView = (entry: Entry): EntryView => {
    let view = views.get(entry);
    if (view) return view;
    let rendered: string | undefined;
    const text = toString(entry.body).replace(/\s+/g, ' ').trim();
    view = {
      entry,
      url: entryUrl(entry.issueId, entry.slug),
      issue: site.issueById.get(entry.issueId)!,
      get html() {
        rendered ??= html(entry.body, entry.sourcePath);
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
      rendered = html(issue.note, issue.sourcePath);
      notes.set(issue, rendered);
    }
    return rendered;
  };

  const globals = {
    site: site.config,
    entryView,
    noteHtml,
    devScript: options.devScript ?? '',
  };

  return function renderPage(page: Page): string {
    return env.render(page.template, { ...globals, page });
  };
}

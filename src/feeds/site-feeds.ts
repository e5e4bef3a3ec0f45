// The feeds: the site feed (Atom and JSON Feed) with one item per issue, the latest 20 issues,
// and an Atom feed per section, region, source and tag with one item per entry, the latest 20
// entries, so a reader can follow only 云南省. URLs are absolute, from site.yml's url (or
// --base-url); dates are the issues' calendar dates, never the time of the build.
//
// Items carry summaries, not whole texts: an issue item lists its entries with excerpts, an
// entry item has its excerpt. An archive has hundreds of terms, each with a feed: with whole
// entries, 15,000 entries made 80 MB of feeds; with excerpts, a fraction of that.
import { Feed, type FeedOptions, type Item } from 'feed';
import type nunjucks from 'nunjucks';
import { toTimestamp, type CalendarDate } from '../calendar-date.js';
import { issueDate } from '../model/issue-date.js';
import type { Entry, Issue, Site, TaxonomyId, Term } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';
import { atomFeedUrl, entryUrl, issueUrl, jsonFeedUrl, termFeedUrl, termUrl } from '../model/urls.js';
import { groupBySection } from '../route/route-site.js';
import type { OutputFile } from '../render/output-file.js';
import { atomXml, type EntryXmlCache } from './atom-xml.js';
import { feedHtml } from './feed-html.js';
import { readableText } from '../parse/block-join.js';
import { excerptOf } from '../render/excerpt.js';

export const SITE_FEED_ISSUES = 20;
export const TERM_FEED_ENTRIES = 20;
const EXCERPT_LENGTH = 160;
const TAXONOMIES: readonly TaxonomyId[] = ['sections', 'regions', 'sources', 'tags'];

export interface FeedsOptions {
  site: Site;
  /** Renders feed/issue-content.njk, the content of an issue's item. */
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
  bodies: BodyStore;
}

interface Channel {
  title: string;
  description: string;
  /** Absolute URL of the page the feed belongs to; also its Atom id. */
  pageUrl: string;
  feedUrl: string;
}

interface FeedItem {
  title: string;
  url: string;
  date: CalendarDate;
  /** HTML. */
  content: string;
  authors: readonly string[];
  categories: readonly string[];
}

/**
 * One feed file, made only when asked: what it shows (for a key of its inputs, see
 * build/generated-files.ts) and how to render it. Besides these, every feed shows site.yml's
 * settings; the site feed also renders its template and resolves its notes' links.
 */
export interface FeedFile {
  path: string;
  /** The issues it has an item for (the site feed), with their entries and notes. */
  issues: readonly Issue[];
  /** The entries it has an item for (a term's feed). */
  entries: readonly Entry[];
  /** The term of a term's feed. */
  term: Term | null;
  /** What `feed` is given for it. */
  content(): FeedContent;
  render(): string;
}

/** A feed as `feed` takes it: options, items, and the format to write. */
export interface FeedContent {
  format: 'atom' | 'json';
  options: FeedOptions;
  items: readonly Item[];
}

export function buildFeeds(options: FeedsOptions): OutputFile[] {
  return siteFeedFiles(options).map((feed) => ({ path: feed.path, contents: feed.render() }));
}

export function siteFeedFiles(options: FeedsOptions): FeedFile[] {
  const { site, env, exists, bodies } = options;
  const siteUrl = site.config.url;
  const absolute = (url: string) => siteUrl + url;
  const issueItem = (issue: Issue): FeedItem => ({
    title: issue.number === null ? issue.title : `${issue.title} 第${issue.number}期`,
    url: absolute(issueUrl(issue.id)),
    date: issueDate(issue),
    content: env.render('feed/issue-content.njk', {
      site: site.config,
      note: issue.note ? feedHtml(issue.note, { sourcePath: issue.sourcePath, siteUrl, pageUrl: absolute(issueUrl(issue.id)), exists }) : '',
      groups: groupBySection(site, issue.entries).map((group) => ({
        title: group.section.title,
        entries: [...group.entries, ...group.subgroups.flatMap((sub) => sub.entries)].map((entry) => ({
          title: entry.title,
          url: absolute(entryUrl(entry.issueId, entry.slug)),
          excerpt: excerptOf(readableText(bodies.text(entry.sourcePath)), EXCERPT_LENGTH),
        })),
      })),
    }),
    authors: issue.editor ? [issue.editor] : [],
    categories: [],
  });

  // An entry is in the feeds of its section, region, sources and tags: its item, and the XML of
  // it, are made once for all of them, and let go once every term feed is made, not held through
  // the rest of the build (page rendering, which follows at once without yielding).
  let shared: { items: Map<Entry, Item>; xml: EntryXmlCache } | null = null;
  const sharedNow = () => (shared ??= { items: new Map(), xml: new WeakMap() });
  let termFeedsToMake = 0;
  const madeTermFeed = () => {
    if (--termFeedsToMake === 0) shared = null;
  };
  const entryItem = (entry: Entry): Item => {
    const { items } = sharedNow();
    let item = items.get(entry);
    if (item === undefined) {
      const issue = site.issueById.get(entry.issueId)!;
      item = feedItem(
        {
          title: entry.title,
          url: absolute(entryUrl(entry.issueId, entry.slug)),
          date: issueDate(issue),
          content: `<p>${escapeHtml(excerptOf(readableText(bodies.text(entry.sourcePath)), EXCERPT_LENGTH))}</p>`,
          authors: entry.authors,
          categories: [site.config.sectionByPath.get(entry.section)?.title ?? entry.section, ...entry.tags],
        },
        'atom',
      );
      items.set(entry, item);
    }
    return item;
  };

  const siteChannel = (feedUrl: string): Channel => ({ title: site.config.title, description: site.config.description, pageUrl: siteUrl, feedUrl: absolute(feedUrl) });
  const latestIssues = [...site.issues].reverse().slice(0, SITE_FEED_ISSUES);
  // Both formats show the same items: rendered once, when the first of them is made.
  let issueItems: FeedItem[] | undefined;
  const siteFeed = (feedPath: string, format: 'atom' | 'json'): FeedFile => {
    const content = () => feedContent(site, siteChannel(feedPath), (issueItems ??= latestIssues.map(issueItem)).map((item) => feedItem(item, format)), format);
    return { path: feedPath, issues: latestIssues, entries: [], term: null, content, render: () => writeFeed(content()) };
  };
  const files: FeedFile[] = [siteFeed(atomFeedUrl(), 'atom'), siteFeed(jsonFeedUrl(), 'json')];
  for (const id of TAXONOMIES) {
    const taxonomy = site.taxonomies[id];
    for (const term of taxonomy.terms) {
      const channel: Channel = {
        title: `${term.name} · ${site.config.title}`,
        description: `${site.config.title}${taxonomy.title}“${term.name}”的最新内容`,
        pageUrl: absolute(termUrl(id, term.slug)),
        feedUrl: absolute(termFeedUrl(id, term.slug)),
      };
      const entries = term.entries.slice(0, TERM_FEED_ENTRIES);
      const content = () => feedContent(site, channel, entries.map(entryItem), 'atom');
      const render = () => {
        const text = writeFeed(content(), sharedNow().xml);
        madeTermFeed();
        return text;
      };
      termFeedsToMake++;
      files.push({ path: termFeedUrl(id, term.slug), issues: [], entries, term, content, render });
    }
  }
  return files;
}

function feedContent(site: Site, channel: Channel, items: readonly Item[], format: 'atom' | 'json'): FeedContent {
  const newest = items.reduce<Date | null>((latest, item) => (latest === null || item.date.getTime() > latest.getTime() ? item.date : latest), null);
  const options: FeedOptions = {
    id: channel.pageUrl,
    title: channel.title,
    description: channel.description,
    link: channel.pageUrl,
    language: site.config.language,
    // An empty feed has no content date; the epoch keeps the output the same on every build.
    updated: newest ?? instant('1970-01-01'),
    generator: 'weekly-digest',
    feedLinks: format === 'atom' ? { atom: channel.feedUrl } : { json: channel.feedUrl },
    author: { name: site.config.title, link: site.config.url },
    favicon: `${site.config.url}favicon.svg`,
  };
  return { format, options, items };
}

/** The file: what `feed` writes (see atom-xml.ts), and a line break. */
export function writeFeed({ format, options, items }: FeedContent, entryXml?: EntryXmlCache): string {
  if (format === 'atom') return `${atomXml(options, items, entryXml)}\n`;
  const feed = new Feed(options);
  for (const item of items) feed.addItem(item);
  return `${feed.json1()}\n`;
}

/** An item as `feed` takes it. */
function feedItem(item: FeedItem, format: 'atom' | 'json'): Item {
  // One Date for both: `feed` only reads it.
  const date = instant(item.date);
  return {
    // Atom carries titles as HTML; JSON Feed as plain text.
    title: format === 'atom' ? escapeHtml(item.title) : item.title,
    id: item.url,
    link: item.url,
    date,
    published: date,
    content: item.content,
    ...(item.authors.length > 0 ? { author: item.authors.map((name) => ({ name })) } : {}),
    ...(item.categories.length > 0 ? { category: item.categories.map((name) => ({ name, term: name })) } : {}),
  };
}

function instant(date: CalendarDate): Date {
  return new Date(toTimestamp(date));
}

function escapeHtml(text: string): string {
  // Most titles and excerpts have nothing to escape.
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

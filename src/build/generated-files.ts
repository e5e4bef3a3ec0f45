// The files made from the whole site rather than one page: feeds, sitemap, robots.txt and the
// search index. Each comes in a group with a key of everything the group is made from, so a
// build whose inputs did not change since the last one keeps the files that one wrote (see
// reuse-generated.ts) instead of making them again.
//
// What the keys cover, besides `base` (tool and site.yml: every group depends on them):
// - an entry: its file's path and content hash. Every field of an entry (its text included) is
//   made from these alone, given site.yml and the tool; so is an issue from its index.md.
// - a part of the search index: its entries with their issues (search-index-groups.ts); its
//   meta.json: every part's key;
// - every feed: the site's URL (site.yml's, or --base-url);
// - a term's feed: the term's name and slug, and the entries it lists with their issues;
// - the site feeds: the issues they list with their entries and notes, the template of an item
//   (and what it uses), and the content paths (a note's links resolve against them).
// The sitemap and robots.txt cost next to nothing: they have no key and are made every time.
import { hash } from 'node:crypto';
import type nunjucks from 'nunjucks';
import type { SiteConfig } from '../config.js';
import { siteFeedFiles } from '../feeds/site-feeds.js';
import type { Entry, Issue, Site } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';
import { sitemapUrl } from '../model/urls.js';
import type { Page } from '../route/route-site.js';
import type { SearchIndexOptions } from '../search/search-index-thread.js';
import type { GeneratedGroup } from './generated-group.js';
import { buildRobots } from '../sitemap/robots.js';
import { buildSitemap } from '../sitemap/sitemap.js';
import { SEARCH_INDEX_GROUP, searchIndexGroups } from './search-index-groups.js';


export interface GeneratedInputs {
  site: Site;
  pages: readonly Page[];
  config: SiteConfig;
  env: nunjucks.Environment;
  exists: (contentPath: string) => boolean;
  bodies: BodyStore;
  /** Tool and site.yml. */
  base: string;
  /** Content hash of a content file ('' when there is none). */
  contentHash: (sourcePath: string) => string;
  /** Hash of a template and every template it uses. */
  templateHash: (name: string) => string;
  /** Every content file's path, for a key of what `exists` answers. */
  contentPaths: () => Iterable<string>;
  /** Where and how the search index is made (see search-index-thread.ts). */
  searchIndex: SearchIndexOptions;
}

export const FEED_ITEM_TEMPLATE = 'feed/issue-content.njk';

const sha1 = (text: string): string => hash('sha1', text);

/**
 * The groups of the site: `text`, only the feeds, search index and sitemap (what a long-lived
 * builder makes after its pages, see text-outputs.ts); `rest`, only the others.
 */
export function generatedGroups(inputs: GeneratedInputs, which: 'all' | 'text' | 'rest' = 'all'): GeneratedGroup[] {
  const rest: GeneratedGroup[] = [{ id: 'robots', key: () => null, markdown: false, build: () => [{ path: 'robots.txt', contents: buildRobots(inputs.config) }] }];
  return which === 'rest' ? rest : which === 'text' ? textGroups(inputs) : [...textGroups(inputs), ...rest];
}

function textGroups(inputs: GeneratedInputs): GeneratedGroup[] {
  const { site, pages, env, exists, bodies, base, contentHash } = inputs;
  const issueKey = (issue: Issue): string => `${issue.id}\u0002${issue.sourcePath}\u0002${contentHash(issue.sourcePath)}`;
  const entryKey = (entry: Entry): string => `${entry.sourcePath}\u0002${contentHash(entry.sourcePath)}`;
  let pathsKey: string | undefined;
  const contentPathsKey = () => (pathsKey ??= sha1([...inputs.contentPaths()].sort().join('\u0001')));

  const feeds = siteFeedFiles({ site, env, exists, bodies }).map((feed): GeneratedGroup => ({
    id: `feed:${feed.path}`,
    key() {
      const parts = [base, site.config.url, feed.path];
      if (feed.term) parts.push(feed.term.taxonomy, feed.term.key, feed.term.name, feed.term.slug);
      if (feed.issues.length > 0) parts.push(inputs.templateHash(FEED_ITEM_TEMPLATE), contentPathsKey());
      for (const issue of feed.issues) parts.push(issueKey(issue), ...issue.entries.map(entryKey));
      for (const entry of feed.entries) parts.push(entryKey(entry), issueKey(site.issueById.get(entry.issueId)!));
      return sha1(parts.join('\u0001'));
    },
    markdown: true,
    build: () => [{ path: feed.path, contents: feed.render() }],
  }));
  // The search index first: it starts on a worker thread, and the rest is made meanwhile.
  return [
    ...searchIndexGroups({ site, bodies, base, issueKey, entryKey, options: inputs.searchIndex }),
    ...feeds,
    { id: 'sitemap', key: () => null, markdown: false, build: () => [{ path: sitemapUrl(), contents: buildSitemap(site, pages) }] },
  ];
}

/** Whether a group is one of generatedGroups(..., 'text'). */
export const isTextGroup = (id: string): boolean => id.startsWith(`${SEARCH_INDEX_GROUP}:`) || id === 'sitemap' || id.startsWith('feed:');

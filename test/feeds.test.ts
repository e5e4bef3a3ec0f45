import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseFeed } from 'feedsmith';
import { buildInto, listFiles, TMP } from './support/built-site.ts';
import { writeSyntheticSite } from './support/synthetic-site.ts';

const SITE_URL = 'https://example.org/digest/';

async function atom(outDir: string, file: string) {
  const parsed = parseFeed(await readFile(path.join(outDir, file), 'utf8'));
  assert.equal(parsed.format, 'atom', `${file} parses as Atom`);
  return parsed.feed as { id?: string; title?: Text; updated?: string; links?: { href?: string; rel?: string }[]; entries?: AtomEntry[] };
}

/** Atom text constructs parse as { value } or a plain string. */
type Text = { value?: string } | string;
const textOf = (text: Text | undefined): string => (typeof text === 'string' ? text : (text?.value ?? ''));

interface AtomEntry {
  id?: string;
  title?: Text;
  updated?: string;
  published?: string;
  links?: { href?: string }[];
  content?: Text;
}

/** The file a site URL is served from: 'https://example.org/digest/issues/x/#a' -> dist/issues/x/index.html. */
function servedFile(outDir: string, url: string, base = SITE_URL): string {
  assert.ok(url.startsWith(base), `${url} is under ${base}`);
  const relative = url.slice(base.length).replace(/#.*$/, '');
  return path.join(outDir, relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative);
}

/** Entry anchors linked from a page's list, in order: ['issues/2025-11-10/#yunnan-border-children']. */
async function listedEntries(outDir: string, page: string): Promise<string[]> {
  const html = await readFile(path.join(outDir, page), 'utf8');
  return [...html.matchAll(/<h2 class="summary__title"><a href="\/digest\/([^"]+)">/g)].map((match) => match[1]!);
}

describe('feeds of the sample site', () => {
  let outDir = '';
  before(async () => {
    outDir = await buildInto('feeds-sample');
  });

  it('has an Atom feed of the issues, newest first, with absolute links to issue pages that exist', async () => {
    const feed = await atom(outDir, 'feed.xml');
    assert.equal(textOf(feed.title), '社会工作一周动态');
    assert.ok(feed.links?.some((link) => link.rel === 'self' && link.href === `${SITE_URL}feed.xml`));
    const entries = feed.entries ?? [];
    assert.equal(entries.length, 5);
    assert.deepEqual(
      entries.map((entry) => entry.links?.[0]?.href),
      ['2025-11-24', '2025-11-17', '2025-11-10', '2025-11-03', '2025-10-27'].map((id) => `${SITE_URL}issues/${id}/`),
    );
    for (const entry of entries) {
      assert.ok(existsSync(servedFile(outDir, entry.links![0]!.href!)));
      const content = textOf(entry.content);
      for (const [, href] of content.matchAll(/href="([^"]+)"/g)) assert.ok(href!.startsWith('https://'), `absolute link in feed content: ${href}`);
    }
    // Dates are the issues' own: 205 was published 2025-12-02.
    assert.equal(entries[0]!.published?.slice(0, 10), '2025-12-02');
    assert.equal(feed.updated?.slice(0, 10), '2025-12-02');
  });

  it('has the same issues as a JSON Feed', async () => {
    const parsed = parseFeed(JSON.parse(await readFile(path.join(outDir, 'feed.json'), 'utf8')));
    assert.equal(parsed.format, 'json');
    const feed = parsed.feed as { feed_url?: string; items?: { id?: string; title?: string; url?: string; content_html?: string }[] };
    assert.equal(feed.feed_url, `${SITE_URL}feed.json`);
    const atomFeed = await atom(outDir, 'feed.xml');
    assert.deepEqual(
      feed.items?.map((item) => item.url),
      atomFeed.entries?.map((entry) => entry.links?.[0]?.href),
    );
    assert.match(feed.items?.[0]?.title ?? '', /^社会工作一周动态\(11\.24-11\.30\) 第205期$/);
    assert.ok(feed.items?.every((item) => (item.content_html ?? '').includes('<a href="https://example.org/digest/issues/')));
  });

  it('has an Atom feed for every section, region, source and tag, listing its entries', async () => {
    const files = await listFiles(outDir);
    const termPages = files.filter((file) => /^(sections|regions|sources|tags)\/.+\/index\.html$/.test(file) && !file.includes('/page/'));
    assert.ok(termPages.length > 50);
    for (const page of termPages) {
      const feedFile = page.replace(/index\.html$/, 'feed.xml');
      const feed = await atom(outDir, feedFile);
      const expected = (await listedEntries(outDir, page)).slice(0, 20);
      assert.deepEqual(
        feed.entries?.map((entry) => entry.links?.[0]?.href),
        expected.map((url) => SITE_URL + url),
        feedFile,
      );
    }
  });

  it('lets a reader follow only 云南省: each entry with its title, link and excerpt', async () => {
    const feed = await atom(outDir, 'regions/yunnan/feed.xml');
    assert.equal(textOf(feed.title), '云南省 · 社会工作一周动态');
    const entries = feed.entries ?? [];
    assert.equal(entries.length, 1);
    assert.equal(textOf(entries[0]!.title), '云南省开展边境地区留守儿童关爱服务');
    const content = textOf(entries[0]!.content);
    assert.match(content, /边境地区留守儿童关爱服务项目/);
  });

  it('links every page to the site feeds, and term pages to their own feed', async () => {
    const home = await readFile(path.join(outDir, 'index.html'), 'utf8');
    assert.match(home, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="https:\/\/example\.org\/digest\/feed\.xml">/);
    assert.match(home, /<link rel="alternate" type="application\/feed\+json" title="[^"]+" href="https:\/\/example\.org\/digest\/feed\.json">/);
    const yunnan = await readFile(path.join(outDir, 'regions/yunnan/index.html'), 'utf8');
    assert.match(yunnan, /<link rel="alternate" type="application\/atom\+xml" title="云南省 · [^"]+" href="https:\/\/example\.org\/digest\/regions\/yunnan\/feed\.xml">/);
  });

  it('writes the same feeds on every build', async () => {
    const again = await buildInto('feeds-sample-again');
    for (const file of ['feed.xml', 'feed.json', 'regions/yunnan/feed.xml', 'sitemap.xml']) {
      assert.equal(await readFile(path.join(again, file), 'utf8'), await readFile(path.join(outDir, file), 'utf8'), file);
    }
  });
});

describe('feeds of a site with many issues, built for another address', () => {
  it('holds the latest 20 issues, with URLs from --base-url', async () => {
    const root = path.join(TMP, 'feeds-synthetic-root');
    await writeSyntheticSite(root, { issues: 26, entriesPerIssue: 3, seed: 9 });
    const base = 'https://digest.example.net/archive/';
    const outDir = await buildInto('feeds-synthetic', { root, baseUrl: base });
    const feed = await atom(outDir, 'feed.xml');
    const entries = feed.entries ?? [];
    assert.equal(entries.length, 20);
    assert.equal(entries[0]!.links?.[0]?.href, `${base}issues/2024-06-24/`);
    assert.equal(entries[19]!.links?.[0]?.href, `${base}issues/2024-02-12/`);
    for (const entry of entries) assert.ok(existsSync(servedFile(outDir, entry.links![0]!.href!, base)));
    const tagFeed = (await listFiles(outDir)).find((file) => file.startsWith('tags/') && file.endsWith('/feed.xml'))!;
    for (const entry of (await atom(outDir, tagFeed)).entries ?? []) assert.ok(entry.id?.startsWith(base), entry.id);
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { buildInto, listFiles } from './support/built-site.ts';

const SITE_URL = 'https://example.org/digest/';

function attribute(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1];
}

describe('what search engines and link previews read', () => {
  let outDir = '';
  let pages: string[] = [];
  before(async () => {
    outDir = await buildInto('publishing-sample');
    pages = (await listFiles(outDir)).filter((file) => file.endsWith('.html'));
  });

  it('lists every page but the 404 page in sitemap.xml, with the date of its newest content', async () => {
    const sitemap = await readFile(path.join(outDir, 'sitemap.xml'), 'utf8');
    const rows = [...sitemap.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/url>/g)].map((m) => ({ loc: m[1]!, lastmod: m[2] }));
    const expected = pages.filter((file) => file !== '404.html').map((file) => SITE_URL + file.replace(/index\.html$/, '')).sort();
    assert.deepEqual(rows.map((row) => row.loc).sort(), expected);
    const lastmod = (url: string) => rows.find((row) => row.loc === SITE_URL + url)?.lastmod;
    assert.equal(lastmod('issues/2025-11-24/'), '2025-12-02', 'the published date of issue 205');
    assert.equal(lastmod('issues/2025-10-27/'), '2025-11-04');
    assert.equal(lastmod(''), '2025-12-02');
    assert.equal(lastmod('regions/yunnan/'), '2025-11-18', 'the issue of its only entry');
    assert.ok(rows.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.lastmod ?? '')));
  });

  it('names the sitemap by its absolute URL in robots.txt', async () => {
    const robots = await readFile(path.join(outDir, 'robots.txt'), 'utf8');
    assert.match(robots, /^User-agent: \*$/m);
    assert.match(robots, /^Sitemap: https:\/\/example\.org\/digest\/sitemap\.xml$/m);
  });

  it('gives every page a canonical link to itself and Open Graph tags, and the 404 page noindex instead', async () => {
    for (const file of pages) {
      const html = await readFile(path.join(outDir, file), 'utf8');
      const title = attribute(html, /<meta property="og:title" content="([^"]*)">/);
      assert.ok(title, `${file}: og:title`);
      assert.ok(attribute(html, /<meta property="og:description" content="([^"]+)">/), `${file}: og:description`);
      assert.equal(attribute(html, /<link rel="icon" href="([^"]+)"/), '/digest/favicon.svg', file);
      if (file === '404.html') {
        assert.match(html, /<meta name="robots" content="noindex">/);
        assert.doesNotMatch(html, /rel="canonical"/);
        continue;
      }
      const url = SITE_URL + file.replace(/index\.html$/, '');
      assert.equal(attribute(html, /<link rel="canonical" href="([^"]+)">/), url, file);
      assert.equal(attribute(html, /<meta property="og:url" content="([^"]+)">/), url, file);
    }
    assert.ok(existsSync(path.join(outDir, 'favicon.svg')));
    assert.ok(existsSync(path.join(outDir, '404.html')));
  });

  it('describes each issue in JSON-LD: the issue, its periodical and its entries', async () => {
    const html = await readFile(path.join(outDir, 'issues/2025-11-10/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    const data = JSON.parse(scripts[0]![1]!) as Record<string, unknown> & { hasPart: { url: string; headline: string }[]; isPartOf: { name: string } };
    assert.equal(data['@type'], 'PublicationIssue');
    assert.equal(data.issueNumber, '203');
    assert.equal(data.url, `${SITE_URL}issues/2025-11-10/`);
    assert.equal(data.isPartOf.name, '社会工作一周动态');
    const anchors = [...html.matchAll(/<article class="entry" id="([^"]+)">/g)].map((m) => `${SITE_URL}issues/2025-11-10/#${m[1]}`);
    assert.deepEqual(data.hasPart.map((part) => part.url).sort(), anchors.sort());
    assert.doesNotMatch(scripts[0]![1]!, /</, 'nothing in the JSON can close the script');
  });

  it('has a search box in the header of every page but the search page, which has one box of its own', async () => {
    for (const file of pages.filter((file) => file !== 'search/index.html')) {
      const html = await readFile(path.join(outDir, file), 'utf8');
      assert.match(html, /<form class="site-search" role="search" aria-label="[^"]+" action="\/digest\/search\/" method="get">[\s\S]*?<input [^>]*name="q"/, file);
    }
    const search = await readFile(path.join(outDir, 'search/index.html'), 'utf8');
    assert.equal([...search.matchAll(/<input [^>]*type="search"/g)].length, 1, 'one search box on the search page');
    assert.match(search, /<form class="search-form" id="search-form" role="search"[^>]* action="\/digest\/search\/" method="get"/);
    assert.match(search, /<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
    for (const name of ['section', 'region', 'source']) assert.match(search, new RegExp(`<select id="search-${name}" name="${name}">`));
    assert.match(search, /<option value="云南省">云南省<\/option>/);
    assert.match(search, /<option value="山东省\/济南市">— 济南市<\/option>/);
  });
});

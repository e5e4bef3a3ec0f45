/// <reference lib="dom" />
// The site in a real browser (headless Chromium): a reader's way from the home page to an entry
// found by a Chinese search, axe-core on every page type in light and dark mode, keyboard use,
// the phone layout and the print stylesheet.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildInto, TMP } from './support/built-site.ts';
import { chromiumMissing, launchChromium, type Browser } from './support/chromium.ts';
import { loadSearchEngine } from './support/search-client.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const BASE_PATH = '/digest/';
const skip = chromiumMissing();
if (skip) console.log(`# ${skip}`);

const PAGE_TYPES: Record<string, string> = {
  home: '',
  archive: 'issues/',
  year: 'issues/2025/',
  issue: 'issues/2025-11-17/',
  'taxonomy index': 'regions/',
  term: 'tags/xin-li-yuan-zhu/',
  'nested term': 'regions/shandong/jinan/',
  search: 'search/?q=%E5%BF%83%E7%90%86%E6%8F%B4%E5%8A%A9&region=',
  'not found': 'no/such/page/',
};

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

describe('the site in a browser', { skip: skip ?? false }, () => {
  let server: StaticServer;
  let browser: Browser;
  let outDir = '';
  let site = '';
  let axeSource = '';

  before(async () => {
    server = await startStaticServer();
    site = `${server.origin}${BASE_PATH}`;
    outDir = await buildInto('browser-site', { baseUrl: site });
    server.serve(outDir, BASE_PATH);
    browser = await launchChromium();
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(url: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/404 \(Not Found\)/.test(message.text())) problems.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.origin) && !request.url().startsWith('data:')) problems.push(`request outside the site: ${request.url()}`);
    });
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
    await page.goto(site + url);
    (page as Page & { problems?: string[] }).problems = problems;
    return page;
  }

  const problemsOf = (page: Page) => (page as Page & { problems?: string[] }).problems ?? [];

  async function waitForResults(page: Page): Promise<number> {
    await page.waitForFunction(() => /找到|没有找到/.test(document.getElementById('search-status')?.textContent ?? ''));
    return page.locator('#search-results > li').count();
  }

  it('takes a reader from home to an issue, a tag, a Chinese search, and the entry found', async () => {
    const page = await open('');
    await page.locator('.issue__title a').first().click();
    await page.waitForURL(/\/issues\/\d{4}-\d{2}-\d{2}\/$/);
    assert.match(await page.locator('h1').innerText(), /社会工作一周动态/);

    await page.locator('.entry .tag', { hasText: '心理援助' }).first().click();
    await page.waitForURL(/\/tags\/xin-li-yuan-zhu\/$/);
    assert.equal(await page.locator('h1').innerText(), '心理援助');

    await page.locator('#site-search-q').fill('边境地区');
    await page.locator('#site-search-q').press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    const count = await waitForResults(page);
    const { engine } = await loadSearchEngine(outDir);
    assert.equal(count, (await engine.search('边境地区')).ids.length);
    assert.ok(count >= 1);

    const first = page.locator('#search-results > li').first();
    assert.equal(await first.locator('mark').first().innerText(), '边境地区');
    assert.match(await first.locator('.search-result__meta').innerText(), /社会工作一周动态/);
    const title = await first.locator('h2').innerText();
    await first.locator('h2 a').click();
    await page.waitForURL(/\/issues\/\d{4}-\d{2}-\d{2}\/#[a-z0-9-]+$/);
    const slug = new URL(page.url()).hash.slice(1);
    const entry = page.locator(`article.entry[id="${slug}"]`);
    assert.equal(await entry.locator('.entry__title').innerText(), title);
    assert.ok(await entry.evaluate((element) => element.matches(':target')));
    await entry.locator('.entry__title').waitFor({ state: 'visible' });
    const box = await entry.boundingBox();
    assert.ok(box && box.y >= 0 && box.y < (page.viewportSize()?.height ?? 720), 'the entry is scrolled into view');
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('finds a word inside running text and narrows by section, region and source', async () => {
    const page = await open(`search/?q=${encodeURIComponent('心理援助')}`);
    const all = await waitForResults(page);
    assert.ok(all >= 5);
    assert.equal(await page.locator('#search-q').inputValue(), '心理援助');

    await page.locator('#search-region').selectOption('甘肃省');
    await page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length < n, all);
    assert.equal(await page.locator('#search-results > li').count(), 1);
    assert.match(page.url(), /region=%E7%94%98%E8%82%83%E7%9C%81/);

    await page.locator('#search-region').selectOption('');
    await page.locator('#search-section').selectOption('policy');
    await page.waitForFunction(() => /找到|没有找到/.test(document.getElementById('search-status')?.textContent ?? ''));
    const policy = await page.locator('#search-results .search-result__meta').allInnerTexts();
    assert.ok(policy.length > 0 && policy.length < all);
    assert.ok(policy.every((meta) => /政策/.test(meta)), policy.join('\n'));
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('shows what the reader typed as text, never as markup', async () => {
    const page = await open(`search/?q=${encodeURIComponent('<img src=x onerror=alert(1)>社会')}`);
    await waitForResults(page);
    assert.equal(await page.locator('main img').count(), 0);
    // Each word of the query, as typed.
    assert.match(await page.locator('#search-status').innerText(), /“<img”、“src=x”、“onerror=alert\(1\)>社会”/);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations on any page type (${scheme} mode)`, async () => {
      const report: string[] = [];
      for (const [type, url] of Object.entries(PAGE_TYPES)) {
        const page = await open(url, { colorScheme: scheme });
        if (type === 'search') await waitForResults(page);
        await page.addScriptTag({ content: axeSource });
        const violations = (await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
          return (await axe.run(document, { resultTypes: ['violations'] })).violations;
        })) as AxeViolation[];
        for (const violation of violations) {
          report.push(`${type}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
        }
        await page.close();
      }
      assert.deepEqual(report, []);
    });
  }

  it('can be used with the keyboard: skip link first, then the search box, with a visible focus ring', async () => {
    const page = await open('issues/2025-11-17/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    assert.ok(await page.locator('.skip-link').evaluate((element) => element.getBoundingClientRect().top >= 0), 'the skip link shows when focused');
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'site-search-q');
    }
    assert.ok(reached, 'the search box is reachable with Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none');
    await page.keyboard.type('社工站');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    assert.ok((await waitForResults(page)) > 0);
    await page.close();
  });

  it('opens an issue with a contents list of its entries by section, each leading to its entry', async () => {
    const page = await open(PAGE_TYPES.issue!);
    const toc = page.getByRole('navigation', { name: '本期目录' });
    const tocTitles = await toc.locator('.toc__entries a').allTextContents();
    const entryTitles = await page.locator('article.entry .entry__title').allTextContents();
    assert.deepEqual(tocTitles, entryTitles, 'every entry, in reading order');
    assert.ok(tocTitles.length > 5);
    const sectionTitles = await page.locator('.section__title, .subsection__title').allTextContents();
    assert.deepEqual(await toc.locator('.toc__sections > li > a').allTextContents(), sectionTitles, 'sections and subsections, in order');
    const last = toc.locator('.toc__entries a').last();
    const slug = (await last.getAttribute('href'))!.slice(1);
    await last.click();
    await page.waitForFunction((id) => location.hash === `#${id}`, slug);
    const inView = await page.evaluate((id) => {
      const box = document.getElementById(id)!.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    }, slug);
    assert.ok(inView, 'the entry is scrolled into view');
    await page.getByRole('link', { name: /回到顶部/ }).click();
    await page.waitForFunction(() => window.scrollY === 0);
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('writes Chinese punctuation, keeps week ranges on one line, and marks where the reader is', async () => {
    const page = await open(PAGE_TYPES.issue!);
    const footer = await page.locator('.issue__footer').innerText();
    assert.match(footer, /责任编辑：/);
    assert.doesNotMatch(footer, /[\u4e00-\u9fff]:/);
    assert.match(await page.locator('.issue__dates').innerText(), /2025年11月25日发布/);
    const regions = await page.locator('.entry__meta dt:text-is("地区") + dd').allInnerTexts();
    assert.ok(regions.includes('江苏省 · 苏州市'), regions.join(' | '));
    assert.ok(regions.every((region) => !region.includes('/')));
    assert.equal(await page.locator('.site-nav a[aria-current]').innerText(), '往期');
    // A range never breaks across lines, even in a column one character wide.
    const range = page.locator('.issue-nav .nowrap').first();
    await page.evaluate(() => document.querySelectorAll('.issue-nav a').forEach((link) => ((link as HTMLElement).style.width = '1em')));
    const box = await range.evaluate((element) => element.getClientRects().length);
    assert.equal(box, 1, 'one line box');
    await page.close();
    const region = await open(PAGE_TYPES['nested term']!);
    assert.equal(await region.locator('.site-nav a[aria-current]').innerText(), '地区');
    await region.close();
  });

  it('draws the regions as a tile map: one tile per provincial-level division, shaded by count, linking to its page', async () => {
    const page = await open(PAGE_TYPES['taxonomy index']!);
    const map = page.getByRole('group', { name: '各省级行政区的条目数' });
    assert.equal(await map.locator('rect').count(), 34);
    const links = map.getByRole('link');
    // Every linked tile is a province of the list below, with the same count, and says both.
    const tiles = await links.evaluateAll((elements) => elements.map((element) => [element.getAttribute('href'), element.querySelector('.tile-map__count')?.textContent]));
    const listed = await page.locator('.term-tree__item > a').evaluateAll((elements) => elements.map((element) => [element.getAttribute('href'), element.nextElementSibling?.textContent]));
    assert.ok(tiles.length > 10);
    for (const tile of tiles) assert.ok(listed.some((item) => item[0] === tile[0] && item[1] === tile[1]), `${tile.join(' ')} in the list`);
    assert.match((await links.first().textContent()) ?? '', /^\S+\d+$/);
    const shades = await map.locator('a rect').evaluateAll((rects) => rects.map((rect) => getComputedStyle(rect).fill));
    assert.ok(new Set(shades).size >= 2, 'more entries, another shade');
    await links.filter({ has: page.locator('text=山东') }).click();
    await page.waitForURL(/regions\/shandong\/$/);
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('charts the archive by year and a term over time, each named and described by its figures', async () => {
    const archive = await open(PAGE_TYPES.archive!);
    const chart = archive.getByRole('img', { name: '各年的期数与条目数' });
    const years = await archive.locator('h2[id^="year-"]').count();
    assert.equal(await chart.locator('rect').count(), years);
    const description = await chart.locator('desc').textContent();
    const issues = await archive.locator('.issue-list > li').count();
    assert.match(description ?? '', new RegExp(`${issues}期`));
    await archive.close();
    const term = await open(PAGE_TYPES.term!);
    const timeline = term.getByRole('img', { name: '条目的时间分布' });
    const summaries = await term.locator('.summaries > li').count();
    const figures = (await timeline.locator('desc').textContent())!.match(/(\d+)条/g)!.map((figure) => parseInt(figure, 10));
    assert.ok(figures.reduce((sum, n) => sum + n, 0) >= summaries, 'every entry of the term is counted');
    await term.close();
  });

  it('reads well on a phone: no sideways scrolling (screenshot in test/.tmp/)', async () => {
    const phone = await launchChromium({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      for (const [name, url] of [['issue', 'issues/2025-11-17/'], ['search', `search/?q=${encodeURIComponent('社会工作服务站')}`]] as const) {
        const page = await phone.context.newPage();
        await page.goto(site + url);
        if (name === 'search') await waitForResults(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the phone`);
        await page.screenshot({ path: path.join(TMP, `phone-${name}.png`) });
        await page.close();
      }
    } finally {
      await phone.close();
    }
  });

  it('prints issue pages without the site navigation, search box and page links', async () => {
    const page = await open('issues/2025-11-17/');
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.site-footer', '.issue-nav', '.toc']) {
      assert.equal(await page.locator(selector).first().evaluate((element) => getComputedStyle(element).display), 'none', selector);
    }
    assert.equal(await page.locator('.entry').first().evaluate((element) => getComputedStyle(element).display), 'block');
    await page.close();
  });
});

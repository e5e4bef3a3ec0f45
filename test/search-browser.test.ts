/// <reference lib="dom" />
// The search page in headless Chromium over a small site built with the CLI: two issues three
// years apart, paragraphs in Chinese and in English, entries with region, sources and tags. What
// a reader sees: each result's date with its year, its facets labelled, the status line naming
// the words searched and the filters in use, one-character words searched, paragraphs joined as
// they are written, one search box on the page, and the header on one row on a desktop.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runCli } from './helpers/cli.ts';
import { REPO_ROOT, TMP } from './support/built-site.ts';
import { chromiumMissing, launchChromium, type Browser } from './support/chromium.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { isVnuError, javaMissing, vnuMessages } from './support/vnu.ts';

const BASE_PATH = '/digest/';
const require = createRequire(import.meta.url);

const skip = chromiumMissing();
if (skip) console.log(`# ${skip}`);

const ENTRIES: Record<string, string> = {
  // 2022: a Chinese entry of two paragraphs, and one in English then Chinese.
  '2022/2022-03-14/index.md': '---\nnumber: 1\n---\n',
  '2022/2022-03-14/01-jinan-station.md': `---
title: 街道社工站建设成效显著
section: industry
region: 山东省/济南市
source: [济南市民政局, 社工中国网]
tags: [社工站, 基层治理]
---
济南市持续推进街道社会工作。

建设成效逐步显现，社工站覆盖全部街道。
`,
  '2022/2022-03-14/02-open-data.md': `---
title: Open data report on social work
section: research
region: 全国
source: [Example Journal]
tags: [数据]
---
The report is out.

Results follow soon.

社会工作数据开放。
`,
  // 2025: the same week of the year, three years on.
  '2025/2025-03-10/index.md': '---\nnumber: 150\n---\n',
  '2025/2025-03-10/01-chengdu-visits.md': `---
title: 社区社工入户走访困难群众
section: industry
region: 四川省/成都市
source: [成都市民政局]
tags: [社会救助]
---
社工入户走访困难群众。

社区服务站点同步建设。
`,
  '2025/2025-03-10/02-week.md': `---
title: 社工宣传周活动举行
section: federation
region: 北京市
source: [中国社会工作联合会]
tags: [宣传]
---
各地社工开展宣传活动。
`,
};

describe('the search page in a browser', { skip: skip ?? false }, () => {
  let server: StaticServer;
  let browser: Browser;
  let site = '';
  let outDir = '';
  let axeSource = '';

  before(async () => {
    const root = path.join(TMP, 'search-browser-root');
    outDir = path.join(TMP, 'search-browser-site');
    await rm(root, { recursive: true, force: true });
    for (const [file, text] of Object.entries(ENTRIES)) {
      const target = path.join(root, 'content', 'issues', file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    await writeFile(path.join(root, 'content', 'site.yml'), await readFile(path.join(REPO_ROOT, 'content', 'site.yml'), 'utf8'));
    server = await startStaticServer();
    site = `${server.origin}${BASE_PATH}`;
    const result = await runCli(['build', '--root', root, '--out', outDir, '--base-url', site, '--no-cache']);
    assert.equal(result.code, 0, result.stderr);
    server.serve(outDir, BASE_PATH);
    browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function search(query: string, options: { filters?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    (page as Page & { problems?: string[] }).problems = problems;
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
    await page.goto(`${site}search/?q=${encodeURIComponent(query)}${options.filters ?? ''}`);
    await settled(page);
    return page;
  }

  const settled = (page: Page) => page.waitForFunction(() => /找到|没有找到/.test(document.getElementById('search-status')?.textContent ?? ''));
  const problemsOf = (page: Page) => (page as Page & { problems?: string[] }).problems ?? [];
  const titles = (page: Page) => page.locator('#search-results .search-result__title').allInnerTexts();
  const status = (page: Page) => page.locator('#search-status').innerText();

  it('searches a one-character word beside a longer one, and says it did', async () => {
    const page = await search('社工 站');
    assert.deepEqual(await titles(page), ['社区社工入户走访困难群众', '街道社工站建设成效显著'], 'newest first; 社工宣传周 has no 站');
    assert.equal(await status(page), '找到 2 条同时包含“社工”、“站”的内容。');
    const marks = await page.locator('#search-results mark').allInnerTexts();
    assert.ok(marks.includes('站') && marks.includes('社工'), marks.join(' '));
    await page.locator('#search-q').fill('站');
    await page.locator('#search-q').press('Enter');
    await page.waitForFunction(() => document.getElementById('search-status')?.textContent?.includes('“站”'));
    assert.equal(await status(page), '找到 2 条包含“站”的内容。');
    assert.deepEqual(problemsOf(page), []);
    await page.close();
  });

  it('shows each result with its issue date, year included', async () => {
    const page = await search('社工');
    assert.equal(await page.locator('#search-results > li').count(), 3);
    const dates = await page.locator('.search-result__meta time').evaluateAll((times) => times.map((time) => [time.getAttribute('datetime'), time.textContent]));
    assert.deepEqual(dates, [
      ['2025-03-10', '2025年3月10日'],
      ['2025-03-10', '2025年3月10日'],
      ['2022-03-14', '2022年3月14日'],
    ]);
    await page.close();
  });

  it('labels the facets of each result: 来源, 地区, 标签', async () => {
    const page = await search('建设成效');
    const result = page.locator('#search-results > li').first();
    const facets = await result.locator('.search-result__facets > div').evaluateAll((groups) => groups.map((group) => [group.querySelector('dt')?.textContent, group.querySelector('dd')?.textContent]));
    assert.deepEqual(facets, [
      ['来源', '济南市民政局、社工中国网'],
      ['地区', '山东省 · 济南市'],
      ['标签', '社工站、基层治理'],
    ]);
    await page.close();
  });

  it('marks a match in the facets', async () => {
    const page = await search('基层治理');
    assert.equal(await page.locator('.search-result__facets dd mark').innerText(), '基层治理');
    await page.close();
  });

  it('names the filters in use in the status line', async () => {
    const page = await search('社工', { filters: `&region=${encodeURIComponent('山东省')}` });
    assert.equal(await status(page), '找到 1 条包含“社工”的内容（已筛选：地区“山东省”）。');
    await page.locator('#search-section').selectOption('federation');
    await page.waitForFunction(() => document.getElementById('search-status')?.textContent?.includes('栏目'));
    assert.equal(await status(page), '没有找到包含“社工”的内容（已筛选：栏目“联合会动态”、地区“山东省”）。');
    await page.locator('#search-region').selectOption('');
    await page.waitForFunction(() => !document.getElementById('search-status')?.textContent?.includes('地区'));
    assert.equal(await status(page), '找到 1 条包含“社工”的内容（已筛选：栏目“联合会动态”）。');
    await page.locator('#search-section').selectOption('');
    await page.waitForFunction(() => !document.getElementById('search-status')?.textContent?.includes('筛选'));
    assert.equal(await status(page), '找到 3 条包含“社工”的内容。');
    await page.close();
  });

  it('joins paragraphs in excerpts as they are written: Chinese without a space, English with one', async () => {
    const chinese = await search('建设成效');
    const text = await chinese.locator('.search-result__excerpt').first().innerText();
    assert.match(text, /济南市持续推进街道社会工作。建设成效逐步显现/);
    assert.doesNotMatch(text, /。\s建设/);
    await chinese.close();
    const english = await search('report');
    assert.equal(await english.locator('.search-result__excerpt').first().innerText(), 'The report is out. Results follow soon.社会工作数据开放。');
    await english.close();
  });

  it('does not match across paragraphs', async () => {
    const page = await search('工作。建设');
    assert.equal(await page.locator('#search-results > li').count(), 0);
    assert.equal(await status(page), '没有找到包含“工作。建设”的内容。');
    await page.close();
  });

  it('has one search box on the search page, and one in the header elsewhere', async () => {
    const page = await search('社工');
    assert.equal(await page.locator('input[type="search"]').count(), 1);
    assert.equal(await page.locator('.site-header form').count(), 0);
    await page.goto(`${site}issues/`);
    assert.equal(await page.locator('input[type="search"]').count(), 1);
    assert.equal(await page.locator('.site-header input[type="search"]').count(), 1);
    await page.close();
  });

  it('keeps the header on one row on a desktop, and lets the search box wrap on a phone', async () => {
    const rows = async (width: number) => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${site}issues/`);
      const boxes = await page.evaluate(() =>
        ['.site-title', '.site-nav', '.site-search'].map((selector) => {
          const box = document.querySelector(selector)!.getBoundingClientRect();
          return { top: box.top, bottom: box.bottom, left: box.left, right: box.right };
        }),
      );
      await page.close();
      return boxes;
    };
    for (const width of [1280, 800]) {
      const [title, nav, box] = await rows(width);
      // One row: every box overlaps every other vertically, and they sit left to right.
      assert.ok(Math.max(title!.top, nav!.top, box!.top) < Math.min(title!.bottom, nav!.bottom, box!.bottom), `${width} px: ${JSON.stringify([title, nav, box])}`);
      assert.ok(title!.right <= nav!.left && nav!.right <= box!.left, `${width} px: left to right`);
      assert.ok(box!.right - box!.left >= 160, `${width} px: the search box is ${box!.right - box!.left} px wide`);
    }
    const [, nav, box] = await rows(390);
    assert.ok(box!.top >= nav!.bottom - 1, 'on a phone the search box has a row of its own');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations with results, facets and filters (${colorScheme} mode)`, async () => {
      const page = await search('社工 站', { colorScheme, filters: `&section=industry` });
      assert.ok((await page.locator('#search-results > li').count()) > 0);
      await page.addScriptTag({ content: axeSource });
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations;
      })) as { id: string; nodes: { target: string[] }[] }[];
      assert.deepEqual(
        violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
        [],
      );
      await page.close();
    });
  }

  it('renders results the Nu Html Checker finds no error in', { skip: javaMissing() ?? false }, async () => {
    const page = await search('社工 站', { filters: `&region=${encodeURIComponent('山东省')}` });
    const html = `<!DOCTYPE html>\n${await page.evaluate(() => document.documentElement.outerHTML)}`;
    await page.close();
    const file = path.join(outDir, 'search-results-dom.html');
    await writeFile(file, html);
    const messages = await vnuMessages([file]);
    assert.deepEqual(messages.filter(isVnuError).map((m) => `${m.lastLine ?? '?'}: ${m.message}`), []);
  });
});

// entryBody(view) and entrySummary(entry), the HTML a theme puts in its pages: a page made with
// them must be the page a template using view.html makes, whatever the template does with it (a
// theme needs to know no rule of their own).
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from './support/checked-build.ts';
import { listFiles } from './support/site-root.ts';

const SAMPLE = new URL('../content/', import.meta.url);
const BUILT_IN_ENTRY = new URL('../templates/partials/entry.njk', import.meta.url);
const BODY = '{{ entryBody(view) }}';
const PAGES = ['index.html', 'issues/2025-11-17/index.html'];

const temporary: string[] = [];
after(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

/** The pages of the sample site built with `body` in place of the entry partial's body. */
async function pagesWith(root: string, body: string, name: string): Promise<string[]> {
  const builtIn = await readFile(BUILT_IN_ENTRY, 'utf8');
  assert.ok(builtIn.includes(BODY), 'the built-in entry partial uses entryBody(view)');
  await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
  await writeFile(path.join(root, 'templates', 'partials', 'entry.njk'), builtIn.replace(BODY, body));
  const outDir = path.join(root, `out-${name}`);
  const result = await build({ root, outDir, cache: false });
  assert.equal(result.ok, true, result.files.flatMap((file) => file.messages.map(String)).join('\n'));
  return Promise.all(PAGES.map((page) => readFile(path.join(outDir, page), 'utf8')));
}

describe('entryBody(view)', () => {
  const variants: [name: string, withBody: string, withHtml: string][] = [
    ['as it is', BODY, '{{ view.html | safe }}'],
    // A concatenation is a string, escaped: the HTML too, as with view.html.
    ['in a concatenation', '{{ "<div>" ~ entryBody(view) ~ "</div>" }}', '{{ "<div>" ~ (view.html | safe) ~ "</div>" }}'],
    ['in a concatenation marked safe', '{{ ("<div>" ~ entryBody(view) ~ "</div>") | safe }}', '{{ ("<div>" ~ view.html ~ "</div>") | safe }}'],
    ['through a filter', '{{ entryBody(view) | striptags }}', '{{ view.html | safe | striptags }}'],
    ['cut short by a filter', '{{ entryBody(view) | truncate(30) }}', '{{ view.html | safe | truncate(30) }}'],
    ['in a filter block', '{% filter upper %}{{ entryBody(view) }}{% endfilter %}', '{% filter upper %}{{ view.html | safe }}{% endfilter %}'],
    ['caught in a block and escaped', '{% set body %}{{ entryBody(view) }}{% endset %}{{ body | escape }}', '{% set body %}{{ view.html | safe }}{% endset %}{{ body | escape }}'],
    ['twice, and tested', '{% if entryBody(view) %}{{ entryBody(view) }}{{ entryBody(view) }}{% endif %}', '{% if view.html %}{{ view.html | safe }}{{ view.html | safe }}{% endif %}'],
  ];
  for (const [name, withBody, withHtml] of variants) {
    it(`makes the pages view.html makes: ${name}`, async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'digest-bodies-'));
      temporary.push(root);
      await cp(SAMPLE, path.join(root, 'content'), { recursive: true });
      const spliced = await pagesWith(root, withBody, 'body');
      const plain = await pagesWith(root, withHtml, 'html');
      spliced.forEach((page, index) => assert.equal(page, plain[index], PAGES[index]));
      assert.match(plain[1]!, /class="entry__body prose">[^<]*\S/, 'the issue page shows bodies');
    });
  }

  it('puts bodies in summaries as HTML: a summary is rendered once for every page that lists it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-bodies-'));
    temporary.push(root);
    await cp(SAMPLE, path.join(root, 'content'), { recursive: true });
    const builtIn = await readFile(new URL('../templates/partials/entry-summary.njk', import.meta.url), 'utf8');
    await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
    // Every page that lists entries: the term pages after the first list summaries made before.
    const pagesOf = async (body: string, name: string) => {
      await writeFile(path.join(root, 'templates', 'partials', 'entry-summary.njk'), builtIn.replace('<li class="summary">', `<li class="summary">${body}`));
      const outDir = path.join(root, `out-${name}`);
      assert.equal((await build({ root, outDir, cache: false })).ok, true);
      const pages = listFiles(outDir).filter((file) => file.endsWith('.html'));
      return new Map(await Promise.all(pages.map(async (page) => [page, await readFile(path.join(outDir, page), 'utf8')] as const)));
    };
    const spliced = await pagesOf('{{ entryBody(view) }}', 'body');
    const plain = await pagesOf('{{ view.html | safe }}', 'html');
    assert.deepEqual([...spliced.keys()], [...plain.keys()]);
    for (const [page, html] of spliced) assert.equal(html, plain.get(page), page);
    const tagPages = [...spliced.keys()].filter((page) => page.startsWith('tags/') && page !== 'tags/index.html');
    assert.ok(tagPages.length > 3);
    for (const page of tagPages) assert.match(spliced.get(page)!, /<li class="summary"><p>/, page);
  });
});

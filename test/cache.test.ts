// The build cache and incremental builds must never change what is built: every cached or
// incremental build here is compared byte for byte with a cold build (--no-cache) of the same
// content, and each kind of change is checked to re-render what it must and rewrite nothing else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile, appendFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { build, createBuilder, type BuildOptions, type BuildResult } from './support/checked-build.ts';
import { CACHE_DIR, CACHE_FILE, HTML_FILE, TEXT_FILE } from '../src/cache/build-cache.ts';
import { SITE_FEED_ISSUES, TERM_FEED_ENTRIES } from '../src/feeds/site-feeds.ts';
import type { Site, TaxonomyId } from '../src/model/types.ts';
import { termFeedUrl } from '../src/model/urls.ts';
import { runCli } from './support/site-root.ts';
import { waitFor } from './support/dev-process.ts';
import { loadSearchEngine, resultUrls } from './support/search-client.ts';

const SAMPLE = fileURLToPath(new URL('../content/', import.meta.url));
const ENTRY = 'content/issues/2025/2025-11-17/03-hubei-school-social-work.md';
const ISSUE_PAGE = 'issues/2025-11-17/index.html';

const temporary: string[] = [];
after(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

async function sampleSite(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-cache-'));
  temporary.push(root);
  await cp(SAMPLE, path.join(root, 'content'), { recursive: true });
  return root;
}

/** Every file below `dir`: its '/'-separated path relative to `dir`, and its full path. */
async function filesUnder(dir: string): Promise<[relative: string, full: string][]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return [path.relative(dir, full).split(path.sep).join('/'), full];
    });
}

async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const [relative, full] of await filesUnder(dir)) files.set(relative, await readFile(full));
  return files;
}

async function mtimes(dir: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const [relative, full] of await filesUnder(dir)) times.set(relative, (await stat(full)).mtimeMs);
  return times;
}

async function buildOk(options: BuildOptions): Promise<BuildResult> {
  const result = await build(options);
  assert.equal(result.ok, true, result.files.flatMap((file) => file.messages.map(String)).join('\n'));
  return result;
}

/** The output of a cold build of the same site root, into a folder of its own. */
async function coldOutput(root: string): Promise<Map<string, Buffer>> {
  const out = path.join(root, 'dist-cold');
  await rm(out, { recursive: true, force: true });
  await buildOk({ root, outDir: out, cache: false });
  return readTree(out);
}

async function assertSameAsCold(root: string): Promise<void> {
  const cached = await readTree(path.join(root, 'dist'));
  const cold = await coldOutput(root);
  assert.deepEqual([...cached.keys()].sort(), [...cold.keys()].sort(), 'the same files');
  for (const [file, bytes] of cold) assert.ok(bytes.equals(cached.get(file)!), `${file} differs from a cold build`);
}

/** Files rewritten between two snapshots of mtimes. */
function rewritten(before: Map<string, number>, now: Map<string, number>): string[] {
  return [...now].filter(([file, time]) => before.get(file) !== time).map(([file]) => file).sort();
}

/**
 * The files a body edit rewrites: `pages`, and the search index, which holds every entry's text.
 * Feeds hold excerpts only, and these edits leave the start of the body as it was.
 */
function assertRewrittenForBodyEdit(files: readonly string[], pages: readonly string[]): void {
  assert.deepEqual(files.filter((file) => !file.startsWith('search/index/')), pages);
  assert.ok(files.some((file) => file.startsWith('search/index/docs/')), `the search index is updated: ${files.join(', ')}`);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('build cache', () => {
  it('builds byte-identical output with and without the cache, and a warm build renders nothing', async () => {
    const root = await sampleSite();
    const first = await buildOk({ root });
    assert.equal(first.stats.cache, 'no cache yet');
    await assertSameAsCold(root);
    const before = await mtimes(path.join(root, 'dist'));
    await tick();
    const warm = await buildOk({ root });
    assert.equal(warm.stats.cache, 'used');
    assert.equal(warm.stats.parsed, 0);
    assert.equal(warm.stats.rendered, 0);
    assert.equal(warm.written, 0);
    assert.deepEqual(rewritten(before, await mtimes(path.join(root, 'dist'))), []);
    await assertSameAsCold(root);
  });

  it('says a one-off build is up to date when nothing changed, and repeats the last build’s warnings', async () => {
    const root = await sampleSite();
    const entry = path.join(root, ENTRY);
    await writeFile(entry, (await readFile(entry, 'utf8')).replace('region: 湖北省', 'region: 湖北'));
    const first = await buildOk({ root });
    const warnings = (result: BuildResult) => result.files.flatMap((file) => file.messages.map((message) => [file.path, message.ruleId, message.line, message.column, message.fatal, message.reason]));
    assert.deepEqual(warnings(first).map((warning) => warning[1]), ['region-short-form']);
    const before = await mtimes(path.join(root, 'dist'));
    await tick();
    const warm = await buildOk({ root });
    assert.equal(warm.stats.upToDate, true);
    assert.equal(warm.stats.keptPages, first.pages.length);
    assert.equal(warm.written + warm.stats.rendered + warm.stats.parsed, 0);
    assert.deepEqual(warnings(warm), warnings(first));
    assert.deepEqual(rewritten(before, await mtimes(path.join(root, 'dist'))), []);
    // --strict fails on the warnings it repeats, as it fails on them in a full build.
    const strict = await build({ root, strict: true });
    assert.equal(strict.ok, false);
    assert.deepEqual(warnings(strict), warnings(first));
    await assertSameAsCold(root);
  });

  it('is not up to date when any input or the output changed, and then builds what a cold build does', async () => {
    const root = await sampleSite();
    const dist = path.join(root, 'dist');
    const changes: [string, () => Promise<unknown>, Partial<BuildOptions>?][] = [
      ['an entry', () => appendFile(path.join(root, ENTRY), '\n补充一句。\n')],
      ['a template', async () => {
        await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
        await writeFile(path.join(root, 'templates', 'partials', 'footer.njk'), '<footer>改过的页脚</footer>\n');
      }],
      ['a public file', async () => {
        await mkdir(path.join(root, 'public'), { recursive: true });
        await writeFile(path.join(root, 'public', 'robots-note.txt'), 'hello\n');
      }],
      ['site.yml', () => appendFile(path.join(root, 'content', 'site.yml'), '\n# 注释\n')],
      ['the base URL', async () => undefined, { baseUrl: 'https://example.org/digest/' }],
      ['the base URL back', async () => undefined],
      ['drafts', async () => undefined, { drafts: true }],
      ['drafts back', async () => undefined],
      ['an output file edited', () => appendFile(path.join(dist, ISSUE_PAGE), '<!-- edited -->')],
      ['an output file deleted', () => rm(path.join(dist, 'feed.xml'))],
      ['a long-lived builder’s run into the same folder', async () => {
        const builder = createBuilder({ root, devScript: '<script>/* live reload */</script>' });
        await builder.build();
        await builder.flush();
        await builder.close();
      }],
    ];
    await buildOk({ root });
    assert.equal((await buildOk({ root })).stats.upToDate, true);
    for (const [what, change, options] of changes) {
      await change();
      const result = await buildOk({ root, ...options });
      assert.equal(result.stats.upToDate, false, `after ${what}`);
      assert.ok(result.pages.length > 0, `after ${what}`);
      if (!options) await assertSameAsCold(root);
    }
    assert.equal((await buildOk({ root })).stats.upToDate, true);
  });

  it('re-renders the pages of an edited entry body and rewrites only files whose bytes changed', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const before = await mtimes(path.join(root, 'dist'));
    const oldPage = await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8');
    await tick();
    await appendFile(path.join(root, ENTRY), '\n本段为测试追加的内容。\n');
    const result = await buildOk({ root });
    assert.equal(result.stats.parsed, 1);
    const newPage = await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8');
    assert.notEqual(newPage, oldPage);
    assert.match(newPage, /本段为测试追加的内容。/);
    // The text is appended after the excerpt: the issue page is the only page whose bytes change.
    assertRewrittenForBodyEdit(rewritten(before, await mtimes(path.join(root, 'dist'))), [ISSUE_PAGE]);
    assert.ok(result.stats.rendered < result.pages.length / 4, `rendered ${result.stats.rendered} of ${result.pages.length} pages`);
    await assertSameAsCold(root);
  });

  it('updates the tag pages when an entry’s tags change, and deletes pages of tags no entry has', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const text = await readFile(path.join(root, ENTRY), 'utf8');
    const tags = /^tags: \[(.*)\]$/m.exec(text)![1]!;
    await writeFile(path.join(root, ENTRY), text.replace(`tags: [${tags}]`, 'tags: [缓存测试标签]'));
    const result = await buildOk({ root });
    const term = result.site!.taxonomies.tags.byKey.get('缓存测试标签')!;
    const tagPage = await readFile(path.join(root, 'dist', 'tags', term.slug, 'index.html'), 'utf8');
    assert.match(tagPage, /湖北省出台意见 推动学校社会工作发展/);
    for (const oldTag of tags.split(',').map((tag) => tag.trim())) {
      const oldTerm = result.site!.taxonomies.tags.byKey.get(oldTag);
      if (oldTerm) assert.doesNotMatch(await readFile(path.join(root, 'dist', 'tags', oldTerm.slug, 'index.html'), 'utf8'), /湖北省出台意见/);
    }
    await assertSameAsCold(root);
  });

  it('re-renders every page that uses a changed template, and only those', async () => {
    const root = await sampleSite();
    const first = await buildOk({ root });
    const termPages = first.pages.filter((page) => page.template === 'term.njk').length;
    await mkdir(path.join(root, 'templates'), { recursive: true });
    const builtIn = await readFile(new URL('../templates/term.njk', import.meta.url), 'utf8');
    await writeFile(path.join(root, 'templates', 'term.njk'), builtIn.replace('<h1>{{ term.name }}</h1>', '<h1 class="changed">{{ term.name }}</h1>'));
    const before = await mtimes(path.join(root, 'dist'));
    await tick();
    const result = await buildOk({ root });
    assert.equal(result.stats.rendered, termPages);
    const changed = rewritten(before, await mtimes(path.join(root, 'dist')));
    assert.equal(changed.length, termPages);
    for (const page of result.pages) {
      const html = await readFile(path.join(root, 'dist', page.outputPath), 'utf8');
      assert.equal(html.includes('<h1 class="changed">'), page.template === 'term.njk', page.outputPath);
    }
    // A partial every page includes: every page is rendered again.
    await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
    await writeFile(path.join(root, 'templates', 'partials', 'footer.njk'), '<footer class="site-footer">页脚已更改</footer>\n');
    const all = await buildOk({ root });
    assert.equal(all.stats.rendered, all.pages.length);
    await assertSameAsCold(root);
  });

  it('re-renders the term pages when the entry summary they render once per entry changes', async () => {
    const root = await sampleSite();
    const first = await buildOk({ root });
    const termPages = first.pages.filter((page) => page.template === 'term.njk');
    await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
    const builtIn = await readFile(new URL('../templates/partials/entry-summary.njk', import.meta.url), 'utf8');
    await writeFile(path.join(root, 'templates', 'partials', 'entry-summary.njk'), builtIn.replace('<li class="summary">', '<li class="summary changed">'));
    const before = await mtimes(path.join(root, 'dist'));
    await tick();
    const result = await buildOk({ root });
    assert.equal(result.stats.rendered, termPages.length);
    assert.equal(rewritten(before, await mtimes(path.join(root, 'dist'))).length, termPages.length);
    for (const page of termPages) {
      const html = await readFile(path.join(root, 'dist', page.outputPath), 'utf8');
      const listed = (page.data as { entries: unknown[] }).entries.length;
      assert.equal(html.split('<li class="summary changed">').length - 1, listed, page.outputPath);
      assert.doesNotMatch(html, /<li class="summary">/, page.outputPath);
    }
    await assertSameAsCold(root);
  });

  it('gives a theme that shows entries’ HTML on term pages the same pages with and without the cache', async () => {
    // A build without the cache lets go of each entry's HTML once its issue page is rendered; a
    // term page that shows it after that gets it made again from the file.
    const root = await sampleSite();
    await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
    const builtIn = await readFile(new URL('../templates/partials/entry-summary.njk', import.meta.url), 'utf8');
    await writeFile(path.join(root, 'templates', 'partials', 'entry-summary.njk'), builtIn.replace('<li class="summary">', '<li class="summary"><div class="whole">{{ view.html | safe }}</div>'));
    const result = await buildOk({ root });
    const entry = result.site!.issues.flatMap((issue) => issue.entries).find((candidate) => candidate.sourcePath === ENTRY)!;
    const tagPage = result.pages.find((page) => page.template === 'term.njk' && page.url.includes(`/${result.site!.taxonomies.tags.byKey.get(entry.tags[0]!)!.slug}/`))!;
    const cold = await coldOutput(root);
    const html = cold.get(tagPage.outputPath)!.toString('utf8');
    const issuePage = cold.get(ISSUE_PAGE)!.toString('utf8');
    const body = /<div class="entry__body prose">([\s\S]*?)<\/div>/.exec(issuePage.slice(issuePage.indexOf(`id="${entry.slug}"`)))![1]!;
    assert.ok(body.length > 100, 'the entry has a body');
    assert.ok(html.includes(`<div class="whole">${body}</div>`), `${tagPage.outputPath} shows the entry's HTML`);
    await assertSameAsCold(root);
  });

  it('re-renders everything when site.yml changes', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const siteYml = path.join(root, 'content', 'site.yml');
    await writeFile(siteYml, (await readFile(siteYml, 'utf8')).replace('description: 社会工作行业每周要闻', 'description: 缓存测试描述'));
    const result = await buildOk({ root });
    assert.equal(result.stats.rendered, result.pages.length);
    assert.equal(result.stats.parsed, 0, 'parse results do not depend on site.yml');
    assert.match(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /缓存测试描述/);
    await assertSameAsCold(root);
  });

  it('ignores a cache written by another version of the tool', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const file = path.join(root, CACHE_DIR, CACHE_FILE);
    const bytes = await readFile(file);
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { tool: string };
    header.tool = `0.0.0-older+${header.tool}`;
    await writeFile(file, Buffer.concat([Buffer.from(JSON.stringify(header)), bytes.subarray(newline)]));
    const result = await buildOk({ root });
    assert.match(result.stats.cache, /another version/);
    assert.equal(result.stats.parsed, 52);
    await assertSameAsCold(root);
  });

  for (const [name, damage, reason] of [
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length * 0.6)), /truncated/],
    ['corrupt', (bytes: Buffer) => Buffer.from(bytes.map((byte, i) => (i === bytes.length - 100 ? byte ^ 0x20 : byte))), /corrupt/],
    ['garbage', () => Buffer.from('not a cache at all'), /header/],
  ] as const) {
    it(`detects a ${name} cache file, ignores it and builds the same site`, async () => {
      const root = await sampleSite();
      await buildOk({ root });
      const file = path.join(root, CACHE_DIR, CACHE_FILE);
      await writeFile(file, damage(await readFile(file)));
      await rm(path.join(root, 'dist'), { recursive: true });
      const result = await buildOk({ root });
      assert.match(result.stats.cache, reason);
      assert.equal(result.stats.parsed, 52);
      await assertSameAsCold(root);
      const again = await buildOk({ root });
      assert.equal(again.stats.cache, 'used', 'the damaged file was replaced');
    });
  }

  it('renders from the Markdown when the cached HTML file is damaged', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const file = path.join(root, CACHE_DIR, HTML_FILE);
    const bytes = await readFile(file);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    await writeFile(file, bytes);
    await rm(path.join(root, 'dist'), { recursive: true });
    const result = await buildOk({ root });
    assert.equal(result.stats.parsed, 0, 'the parse results are fine and used');
    assert.equal(result.stats.rendered, result.pages.length);
    await assertSameAsCold(root);
  });

  const flipByte = (at: (length: number) => number) => (bytes: Buffer) => Buffer.from(bytes.map((byte, i) => (i === at(bytes.length) ? byte ^ 0x01 : byte)));
  for (const [name, damage] of [
    // The starts of texts (excerpts) come first, the full texts after them.
    ['corrupt at its start', flipByte(() => 3)],
    ['corrupt at its end', flipByte((length) => length - 3)],
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length - 7)],
  ] as const) {
    it(`makes entry texts from the Markdown when the cached text file is ${name}`, async () => {
      const root = await sampleSite();
      await buildOk({ root });
      const file = path.join(root, CACHE_DIR, TEXT_FILE);
      await writeFile(file, damage(await readFile(file)));
      // Without an output to keep, the feeds and the search index need every entry's text.
      await rm(path.join(root, 'dist'), { recursive: true });
      const result = await buildOk({ root });
      assert.equal(result.stats.parsed, 0, 'the parse results are fine and used');
      assert.equal(result.stats.keptGenerated, 0);
      await assertSameAsCold(root);
      // The damaged file is not used again: its texts are not saved, so their files are parsed again
      // by a build that needs them (one without the output to keep).
      await rm(path.join(root, 'dist'), { recursive: true });
      const again = await buildOk({ root });
      assert.equal(again.stats.parsed, 52);
      await rm(path.join(root, 'dist'), { recursive: true });
      const third = await buildOk({ root });
      assert.equal(third.stats.parsed, 0);
      await assertSameAsCold(root);
    });
  }

  it('leaves no page of deleted content behind', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    assert.ok((await stat(path.join(root, 'dist', ISSUE_PAGE))).isFile());
    await rm(path.join(root, 'content', 'issues', '2025', '2025-11-17'), { recursive: true });
    const result = await buildOk({ root });
    assert.ok(result.stats.deleted > 0);
    await assert.rejects(stat(path.join(root, 'dist', 'issues', '2025-11-17')));
    await assertSameAsCold(root);
  });

  it('writes nothing when a build fails', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const before = await readTree(path.join(root, 'dist'));
    await writeFile(path.join(root, ENTRY), '---\ntitle: 没有栏目\nsource: 测试\n---\n正文。\n');
    const result = await build({ root });
    assert.equal(result.ok, false);
    assert.deepEqual(await readTree(path.join(root, 'dist')), before);
  });

  it('rebuilds incrementally in a long-lived builder told which files changed', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    await appendFile(path.join(root, ENTRY), '\n开发模式下的修改。\n');
    const added = 'content/issues/2025/2025-11-17/10-added-entry.md';
    await writeFile(path.join(root, added), '---\ntitle: 新增的一条\nsection: industry\nsource: 测试来源\ntags: [新增标签]\n---\n新增条目的正文。\n');
    const result = await builder.build({ changed: [path.join(root, ENTRY), added] });
    assert.equal(result.ok, true, result.files.flatMap((file) => file.messages.map(String)).join('\n'));
    assert.equal(result.stats.parsed, 2);
    const page = await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8');
    assert.match(page, /开发模式下的修改。/);
    assert.match(page, /新增条目的正文。/);
    await rm(path.join(root, added));
    const removed = await builder.build({ changed: [added] });
    assert.doesNotMatch(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /新增条目的正文。/);
    assert.ok(removed.stats.deleted > 0, 'the tag page of the removed entry is gone');
    await builder.flush();
    await assertSameAsCold(root);
  });

  it('rebuilds only the pages that show an entry when only its body changed', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    const first = await builder.build();
    assert.equal(first.ok, true);
    const before = await mtimes(path.join(root, 'dist'));
    await tick();
    await appendFile(path.join(root, ENTRY), '\n只改正文。\n');
    const result = await builder.build({ changed: [path.join(root, ENTRY)] });
    assert.equal(result.ok, true);
    const showing = first.pages.filter((page) => page.data.kind === 'issue' ? page.data.issue.id === '2025-11-17' : page.data.kind === 'term' ? page.data.entries.some((e) => e.sourcePath === ENTRY) : page.data.kind === 'home' && page.data.latest?.id === '2025-11-17');
    assert.equal(result.stats.rendered, showing.length);
    // The page is written when the build resolves; the search index follows (at the latest on flush()).
    assert.deepEqual(rewritten(before, await mtimes(path.join(root, 'dist'))).filter((file) => !file.startsWith('search/index/')), [ISSUE_PAGE]);
    assert.match(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /只改正文。/);
    await builder.flush();
    assertRewrittenForBodyEdit(rewritten(before, await mtimes(path.join(root, 'dist'))), [ISSUE_PAGE]);
    // An excerpt changes too when the start of the body does.
    const text = await readFile(path.join(root, ENTRY), 'utf8');
    await writeFile(path.join(root, ENTRY), text.replace(/\n---\n/, '\n---\n开头新增一句话。'));
    assert.equal((await builder.build({ changed: [ENTRY] })).ok, true);
    await builder.flush();
    await assertSameAsCold(root);
    // A frontmatter edit: the same pipeline, and the same output results.
    await writeFile(path.join(root, ENTRY), (await readFile(path.join(root, ENTRY), 'utf8')).replace(/^title: .*$/m, 'title: 标题已修改'));
    assert.equal((await builder.build({ changed: [ENTRY] })).ok, true);
    assert.match(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /标题已修改/);
    // A body edit that breaks a rule is reported.
    await appendFile(path.join(root, ENTRY), '\n## 二级标题\n');
    const broken = await builder.build({ changed: [ENTRY] });
    assert.equal(broken.ok, false);
    assert.ok(broken.files.some((file) => file.messages.some((message) => message.ruleId === 'heading-level')));
    await builder.flush();
  });

  it('keeps an edited body when a later run is told of an edit to another file only', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    await appendFile(path.join(root, ENTRY), '\n先改正文。\n');
    assert.equal((await builder.build({ changed: [ENTRY] })).ok, true);
    const other = 'content/issues/2025/2025-11-17/01-central-disability-social-work.md';
    await writeFile(path.join(root, other), (await readFile(path.join(root, other), 'utf8')).replace(/^title: .*$/m, 'title: 再改别的标题'));
    assert.equal((await builder.build({ changed: [other] })).ok, true);
    const page = await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8');
    assert.match(page, /再改别的标题/);
    assert.match(page, /先改正文。/);
    await builder.flush();
    await assertSameAsCold(root);
  });

  it('parses on worker threads with the same result as on the main thread', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-workers-'));
    temporary.push(root);
    await writeCorpus(root, { issues: 22, perIssue: 15, seed: 7 });
    const threaded = await buildOk({ root, cache: false, threads: 2 });
    assert.equal(threaded.stats.parsed, 22 * 16);
    const single = path.join(root, 'dist-single');
    await buildOk({ root, outDir: single, cache: false, threads: 0 });
    assert.deepEqual(await readTree(single), await readTree(path.join(root, 'dist')));
  });
});

/** Files made from the whole site that a build keeps when nothing they show changed. */
const isFeed = (file: string) => file === 'feed.xml' || file === 'feed.json' || file.endsWith('/feed.xml');
const isSearchIndex = (file: string) => file.startsWith('search/index/');

async function generatedFiles(root: string): Promise<Map<string, Buffer>> {
  const tree = await readTree(path.join(root, 'dist'));
  return new Map([...tree].filter(([file]) => isFeed(file) || isSearchIndex(file)));
}

/** Files whose bytes differ between two snapshots, or that only one has. */
function differing(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((file) => !before.get(file)?.equals(after.get(file) ?? Buffer.alloc(0)) || !after.has(file)).sort();
}

/** The feed files that have an item showing the entry: its issue's in the site feeds, its terms' feeds. */
function feedsListing(site: Site, sourcePath: string): string[] {
  const feeds: string[] = [];
  const latest = [...site.issues].reverse().slice(0, SITE_FEED_ISSUES);
  if (latest.some((issue) => issue.entries.some((entry) => entry.sourcePath === sourcePath))) feeds.push('feed.json', 'feed.xml');
  for (const id of ['sections', 'regions', 'sources', 'tags'] as TaxonomyId[]) {
    for (const term of site.taxonomies[id].terms) {
      if (term.entries.slice(0, TERM_FEED_ENTRIES).some((entry) => entry.sourcePath === sourcePath)) feeds.push(termFeedUrl(id, term.slug));
    }
  }
  return feeds.sort();
}

describe('build cache: feeds and the search index', () => {
  it('keeps every feed and search index file when nothing changed', async () => {
    const root = await sampleSite();
    const first = await buildOk({ root });
    assert.equal(first.stats.keptGenerated, 0);
    const generated = await generatedFiles(root);
    assert.ok([...generated.keys()].some(isSearchIndex) && [...generated.keys()].some(isFeed));
    const warm = await buildOk({ root });
    assert.equal(warm.stats.keptGenerated, generated.size);
    assert.equal(warm.written, 0);
    await assertSameAsCold(root);
  });

  it('an edit of the start of an entry’s text updates the search index and exactly the feeds that list the entry', async () => {
    const root = await sampleSite();
    const first = await buildOk({ root });
    const listing = feedsListing(first.site!, ENTRY);
    assert.ok(listing.includes('feed.xml') && listing.length > 4, listing.join(', '));
    const before = await generatedFiles(root);
    const text = await readFile(path.join(root, ENTRY), 'utf8');
    await writeFile(path.join(root, ENTRY), text.replace(/\n---\n/, '\n---\n开头新增的一句话，用于检验订阅与搜索。'));
    const result = await buildOk({ root });
    const after = await generatedFiles(root);
    const changed = differing(before, after);
    assert.deepEqual(changed.filter(isFeed), listing);
    for (const feed of listing) assert.match(after.get(feed)!.toString('utf8'), /开头新增的一句话/, feed);
    assert.ok(changed.includes('search/index/meta.json'));
    assert.ok(changed.some((file) => file.startsWith('search/index/docs/') && after.get(file)!.toString('utf8').includes('开头新增的一句话')));
    // Of the index, only the parts holding the entry were made again: its docs chunk, its
    // segment's postings, and meta.json. The other feeds were not even made again.
    const meta = JSON.parse(after.get('search/index/meta.json')!.toString('utf8')) as { docsPerChunk: number; segments: { name: string; from: number; to: number }[] };
    const chunk = changed.find((file) => file.startsWith('search/index/docs/'))!;
    const records = JSON.parse(after.get(chunk)!.toString('utf8')) as string[][];
    const doc = Number(/(\d+)\.json$/.exec(chunk)![1]) * meta.docsPerChunk + records.findIndex((record) => record[5]!.includes('开头新增的一句话'));
    const segment = meta.segments.find((each) => each.from <= doc && doc < each.to)!;
    const madeIndex = [...after.keys()].filter((file) => file === 'search/index/meta.json' || file === chunk || file.startsWith(`search/index/postings/${segment.name}/`));
    assert.ok(madeIndex.length < [...after.keys()].filter(isSearchIndex).length);
    assert.equal(result.stats.keptGenerated, after.size - madeIndex.length - listing.length);
    await assertSameAsCold(root);
  });

  it('a change of an entry’s tags moves it between tag feeds', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const text = await readFile(path.join(root, ENTRY), 'utf8');
    await writeFile(path.join(root, ENTRY), text.replace(/^tags: \[.*\]$/m, 'tags: [订阅测试标签]'));
    const result = await buildOk({ root });
    const term = result.site!.taxonomies.tags.byKey.get('订阅测试标签')!;
    assert.match(await readFile(path.join(root, 'dist', termFeedUrl('tags', term.slug)), 'utf8'), /湖北省出台意见/);
    const oldTerm = result.site!.taxonomies.tags.byKey.get('学校社工');
    if (oldTerm) assert.doesNotMatch(await readFile(path.join(root, 'dist', termFeedUrl('tags', oldTerm.slug)), 'utf8'), /湖北省出台意见/);
    await assertSameAsCold(root);
  });

  it('a changed feed template updates the site feeds and keeps the term feeds and the search index', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const before = await generatedFiles(root);
    await mkdir(path.join(root, 'templates', 'feed'), { recursive: true });
    const builtIn = await readFile(new URL('../templates/feed/issue-content.njk', import.meta.url), 'utf8');
    await writeFile(path.join(root, 'templates', 'feed', 'issue-content.njk'), builtIn.replace('<h2>', '<h2 class="changed">'));
    const result = await buildOk({ root });
    const after = await generatedFiles(root);
    assert.deepEqual(differing(before, after), ['feed.json', 'feed.xml']);
    assert.equal(result.stats.keptGenerated, after.size - 2);
    assert.match(after.get('feed.xml')!.toString('utf8'), /class=&quot;changed&quot;|class="changed"/);
    await assertSameAsCold(root);
  });

  it('makes everything again when site.yml or the base URL changes', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const siteYml = path.join(root, 'content', 'site.yml');
    await writeFile(siteYml, (await readFile(siteYml, 'utf8')).replace('description: 社会工作行业每周要闻', 'description: 订阅测试描述'));
    const result = await buildOk({ root });
    assert.equal(result.stats.keptGenerated, 0);
    assert.match(await readFile(path.join(root, 'dist', 'feed.xml'), 'utf8'), /订阅测试描述/);
    await assertSameAsCold(root);
    const moved = await buildOk({ root, baseUrl: 'https://elsewhere.example/' });
    // Feeds have absolute URLs; the search index has none.
    assert.equal(moved.stats.keptGenerated, [...(await generatedFiles(root)).keys()].filter(isSearchIndex).length);
    assert.match(await readFile(path.join(root, 'dist', 'feed.xml'), 'utf8'), /https:\/\/elsewhere\.example\/issues\//);
  });

  it('follows --drafts: a draft issue is in the feeds and the search index only when drafts are built', async () => {
    const root = await sampleSite();
    const index = path.join(root, 'content', 'issues', '2025', '2025-11-24', 'index.md');
    await writeFile(index, (await readFile(index, 'utf8')).replace(/^---\n/, '---\ndraft: true\n'));
    await buildOk({ root });
    const shows = async () => (await readFile(path.join(root, 'dist', 'feed.xml'), 'utf8')).includes('issues/2025-11-24/');
    const searched = async () => (await readFile(path.join(root, 'dist', 'search', 'index', 'meta.json'), 'utf8'));
    assert.equal(await shows(), false);
    const without = await searched();
    const drafts = await buildOk({ root, drafts: true });
    assert.equal(drafts.stats.keptGenerated < (await generatedFiles(root)).size, true);
    assert.equal(await shows(), true);
    assert.notEqual(await searched(), without);
    await buildOk({ root });
    assert.equal(await shows(), false);
    assert.equal(await searched(), without);
    await assertSameAsCold(root);
  });

  it('makes generated files again when they were changed or removed on disk', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    const generated = await generatedFiles(root);
    await tick();
    await rm(path.join(root, 'dist', 'feed.xml'));
    await writeFile(path.join(root, 'dist', 'search', 'index', 'meta.json'), '{}');
    const shard = [...generated.keys()].find((file) => file.startsWith('search/index/postings/'))!;
    await writeFile(path.join(root, 'dist', shard), Buffer.from(generated.get(shard)!.map((byte) => byte ^ 1)));
    const result = await buildOk({ root });
    assert.ok(result.stats.keptGenerated < generated.size);
    await assertSameAsCold(root);
  });

  it('does not keep generated files another run rewrote since they were recorded', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    const original = await readFile(path.join(root, ENTRY), 'utf8');
    await writeFile(path.join(root, ENTRY), original.replace(/\n---\n/, '\n---\n开发模式改过开头。'));
    assert.equal((await builder.build({ changed: [ENTRY] })).ok, true);
    await builder.flush();
    // Back to the text the recorded keys were made from, behind the builder's back.
    await writeFile(path.join(root, ENTRY), original);
    await buildOk({ root });
    assert.doesNotMatch(await readFile(path.join(root, 'dist', 'feed.xml'), 'utf8'), /开发模式改过开头/);
    await assertSameAsCold(root);
  });

  it('writes a public/ file over a generated file of the same path, and the generated one when it goes', async () => {
    const root = await sampleSite();
    await buildOk({ root });
    await mkdir(path.join(root, 'public'), { recursive: true });
    await writeFile(path.join(root, 'public', 'feed.xml'), '<feed>site’s own</feed>\n');
    await buildOk({ root });
    assert.equal(await readFile(path.join(root, 'dist', 'feed.xml'), 'utf8'), '<feed>site’s own</feed>\n');
    await assertSameAsCold(root);
    await rm(path.join(root, 'public', 'feed.xml'));
    await buildOk({ root });
    assert.match(await readFile(path.join(root, 'dist', 'feed.xml'), 'utf8'), /<feed xmlns=/);
    await assertSameAsCold(root);
  });

  it('a fresh process that starts from the cache parses and renders an edited entry (parsers load on demand)', async () => {
    const root = await sampleSite();
    for (const run of [1, 2]) assert.equal(runCli(['build', '--root', root]).status, 0, `build ${run}`);
    await appendFile(path.join(root, ENTRY), '\n新进程里的修改。\n');
    const run = runCli(['build', '--root', root]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /新进程里的修改。/);
    await assertSameAsCold(root);
  });

  it('parses Markdown synchronously in a fresh process that did not load the parsers first', () => {
    // What a tree parsed on first use meets if no build step loaded the parsers ahead of it.
    const parsers = new URL('../lib/parse/parsers.js', import.meta.url).href;
    const code = `import { parsers } from ${JSON.stringify(parsers)}; const tree = parsers().markdown.parseWithRemark('# 标题\\n\\n正文'); process.stdout.write(parsers().markdown.markdownToHtml(tree));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), '<h1>标题</h1>\n<p>正文</p>');
  });
});

/** Entry URLs the built site's own search engine finds for `query`, read afresh from disk. */
async function searchDist(root: string, query: string): Promise<string[]> {
  return resultUrls((await loadSearchEngine(path.join(root, 'dist'))).engine, query);
}

/** searchDist while a builder may be writing the index: a file read half-written is "not yet". */
async function searchWhileWritten(root: string, query: string): Promise<string[]> {
  return searchDist(root, query).catch(() => []);
}

describe('a long-lived builder: feeds and search index follow the pages', () => {
  /** The edited entry is the only result, and in its issue. */
  const assertFoundInIssue = (urls: readonly string[]) => {
    assert.equal(urls.length, 1, urls.join(', '));
    assert.match(urls[0]!, /^issues\/2025-11-17\/#/);
  };

  it('writes an edited page when the build resolves, and then the search index by itself', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    assert.deepEqual(await searchDist(root, '后台更新索引的新句子'), []);
    await appendFile(path.join(root, ENTRY), '\n后台更新索引的新句子。\n');
    const result = await builder.build({ changed: [ENTRY] });
    assert.equal(result.ok, true);
    assert.match(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /后台更新索引的新句子。/);
    // No flush(): the builder brings the index up to date on its own.
    const found = await waitFor('the search index to hold the edit', async () => {
      const urls = await searchWhileWritten(root, '后台更新索引的新句子');
      return urls.length > 0 && urls;
    });
    assertFoundInIssue(found);
    await builder.flush();
    // What the background writes recorded is true: a one-off build finds nothing to write.
    assert.equal((await buildOk({ root })).written, 0);
    await assertSameAsCold(root);
  });

  it('ends with the last of edits in quick succession, full runs included', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    const original = await readFile(path.join(root, ENTRY), 'utf8');
    await writeFile(path.join(root, ENTRY), `${original}\n第一次修改的句子。\n`);
    assert.equal((await builder.build({ changed: [ENTRY] })).ok, true);
    await writeFile(path.join(root, ENTRY), `${original}\n第二次修改的句子。\n`);
    assert.equal((await builder.build({ changed: [ENTRY] })).ok, true);
    // A title is frontmatter: the run leaves the index for later too.
    await writeFile(path.join(root, ENTRY), `${original.replace(/^title: .*$/m, 'title: 第三次修改的标题')}\n第二次修改的句子。\n`);
    const full = await builder.build({ changed: [ENTRY] });
    assert.equal(full.ok, true);
    assert.match(await readFile(path.join(root, 'dist', ISSUE_PAGE), 'utf8'), /第三次修改的标题/);
    await waitFor('the search index to hold the last edit', async () => (await searchWhileWritten(root, '第三次修改的标题')).length > 0);
    await builder.flush();
    assertFoundInIssue(await searchDist(root, '第二次修改的句子'));
    assert.deepEqual(await searchDist(root, '第一次修改的句子'), []);
    await assertSameAsCold(root);
  });

  it('drops the index still in the making when closed, and writes nothing more', async () => {
    const root = await sampleSite();
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    const before = await mtimes(path.join(root, 'dist'));
    await tick();
    await appendFile(path.join(root, ENTRY), '\n关闭之前的修改。\n');
    const edited = await builder.build({ changed: [ENTRY] });
    assert.equal(edited.ok, true);
    // Closed at once, before the feeds and the index follow (a moment later, in the background).
    await builder.close();
    // flush() would make and write what is still waiting: closing left nothing but the pages.
    await builder.flush();
    assert.deepEqual(rewritten(before, await mtimes(path.join(root, 'dist'))), [...edited.changed].sort());
    assert.deepEqual(edited.changed, [ISSUE_PAGE]);
    assert.deepEqual(await searchDist(root, '关闭之前的修改'), []);
    assert.deepEqual((await readdir(root)).filter((name) => name.includes('.tmp-')), []);
  });

  it('makes the index of a large archive on a worker thread, with the same bytes as a cold build', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-index-thread-'));
    temporary.push(root);
    await writeCorpus(root, { issues: 22, perIssue: 15, seed: 11 });
    const builder = createBuilder({ root });
    assert.equal((await builder.build()).ok, true);
    const issues = path.join(root, 'content', 'issues');
    const year = (await readdir(issues)).sort().pop()!;
    const week = (await readdir(path.join(issues, year))).sort().pop()!;
    const name = (await readdir(path.join(issues, year, week))).filter((file) => file !== 'index.md').sort()[0]!;
    const entry = path.join('content', 'issues', year, week, name);
    await appendFile(path.join(root, entry), '\n大型档案中的新增句子。\n');
    assert.equal((await builder.build({ changed: [entry] })).ok, true);
    const found = await waitFor('the search index to hold the edit', async () => {
      const urls = await searchWhileWritten(root, '大型档案中的新增句子');
      return urls.length > 0 && urls;
    }, 60_000);
    assert.equal(found.length, 1);
    assert.match(found[0]!, new RegExp(`^issues/${week}/#`));
    await builder.flush();
    assert.deepEqual((await readdir(root)).filter((name) => name.includes('.tmp-')), [], 'the staging folders are gone');
    assert.equal((await buildOk({ root })).written, 0);
    await assertSameAsCold(root);
  });
});

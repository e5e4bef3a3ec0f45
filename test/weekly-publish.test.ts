// A weekly publish: one new issue added to a site built with its cache. Older term pages keep
// their paths and bytes, the past segment of the search index is not rewritten, and the output
// equals a cold build of the final content, file by file.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { build, type BuildOptions, type BuildResult } from '../src/build.ts';

// 17 issues before the publish, 18 after: the past segment holds 16 both times (index-segments.ts).
const ISSUES = 18;

async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const item of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!item.isFile()) continue;
    const full = path.join(item.parentPath, item.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return files;
}

async function buildOk(options: BuildOptions): Promise<BuildResult> {
  const result = await build(options);
  assert.ok(result.ok, result.files.flatMap((file) => file.messages.map(String)).join('\n'));
  return result;
}

/** 'tags/x/page/3/index.html' -> ['tags/x/', 3]; null for any other path. */
function numbered(file: string): [string, number] | null {
  const match = /^((?:sections|regions|sources|tags)\/.+\/)page\/(\d+)\/index\.html$/.exec(file);
  return match ? [match[1]!, Number(match[2])] : null;
}

describe('a weekly publish', () => {
  let root = '';
  let before_: Map<string, Buffer>;
  let after_: Map<string, Buffer>;
  let cold: Map<string, Buffer>;
  let publish: BuildResult;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'digest-weekly-'));
    await writeCorpus(root, { issues: ISSUES, perIssue: 6, seed: 7 });
    await appendFile(path.join(root, 'content', 'site.yml'), 'page_size: 4\n');
    const issues = path.join(root, 'content', 'issues');
    const newest = (await readdir(issues, { recursive: true })).filter((name) => /^\d{4}\/\d{4}-\d{2}-\d{2}$/.test(name)).sort().pop()!;
    await rename(path.join(issues, newest), path.join(root, 'held'));
    await buildOk({ root });
    before_ = await readTree(path.join(root, 'dist'));
    await rename(path.join(root, 'held'), path.join(issues, newest));
    publish = await buildOk({ root });
    after_ = await readTree(path.join(root, 'dist'));
    await buildOk({ root, cache: false, outDir: path.join(root, 'cold') });
    cold = await readTree(path.join(root, 'cold'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes what a cold build of the final content writes', () => {
    assert.deepEqual([...after_.keys()].sort(), [...cold.keys()].sort());
    const differing = [...after_].filter(([file, bytes]) => !bytes.equals(cold.get(file)!)).map(([file]) => file);
    assert.deepEqual(differing, []);
  });

  it('keeps every numbered term page, and its bytes unless a newer page was added above it', () => {
    const pages = [...before_.keys()].filter((file) => numbered(file));
    assert.ok(pages.length > 50, `only ${pages.length} numbered term pages`);
    const changed: string[] = [];
    for (const file of pages) {
      assert.ok(after_.has(file), `${file} is gone`);
      if (after_.get(file)!.equals(before_.get(file)!)) continue;
      const [term, page] = numbered(file)!;
      const above = `${term}page/${page + 1}/index.html`;
      if (after_.has(above) && !before_.has(above)) continue;
      changed.push(file);
    }
    assert.deepEqual(changed, []);
  });

  it('renders only the pages that show the new issue or a count that grew', () => {
    const pages = publish.stats.rendered + publish.stats.keptPages;
    assert.ok(publish.stats.rendered < pages / 4, `${publish.stats.rendered} of ${pages} pages rendered`);
  });

  it('leaves the past segment of the search index and all but the last text chunk as they were', () => {
    const index = [...before_.keys()].filter((file) => file.startsWith('search/index/'));
    const past = index.filter((file) => file.startsWith('search/index/postings/past/'));
    assert.ok(past.length >= 1);
    for (const file of past) assert.ok(after_.get(file)?.equals(before_.get(file)!), `${file} changed`);
    const chunks = index.filter((file) => file.startsWith('search/index/docs/')).map((file) => Number(/(\d+)\.json$/.exec(file)![1])).sort((a, b) => a - b);
    for (const n of chunks.slice(0, -1)) {
      const file = `search/index/docs/${n}.json`;
      assert.ok(after_.get(file)?.equals(before_.get(file)!), `${file} changed`);
    }
  });
});

describe('a weekly publish whose output folder was changed since the cache was written', () => {
  let root = '';
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // The cache's dependency graph leaves these pages alone, but CI may restore the cache without
  // the output, and anyone may have edited it: a one-off build looks at every page on disk.
  it('writes again the pages the graph leaves alone that are missing or altered', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'digest-weekly-'));
    await writeCorpus(root, { issues: 6, perIssue: 5, seed: 3 });
    const issues = path.join(root, 'content', 'issues');
    const newest = (await readdir(issues, { recursive: true })).filter((name) => /^\d{4}\/\d{4}-\d{2}-\d{2}$/.test(name)).sort();
    await rename(path.join(issues, newest.at(-1)!), path.join(root, 'held'));
    await buildOk({ root });
    const dist = path.join(root, 'dist');
    const oldest = `issues/${path.basename(newest[0]!)}/index.html`;
    const second = `issues/${path.basename(newest[1]!)}/index.html`;
    await rm(path.join(dist, oldest));
    await appendFile(path.join(dist, second), '<!-- edited -->');
    await rename(path.join(root, 'held'), path.join(issues, newest.at(-1)!));
    const publish = await buildOk({ root });
    assert.ok(publish.stats.rendered < 40, `${publish.stats.rendered} pages rendered`);
    await buildOk({ root, cache: false, outDir: path.join(root, 'cold') });
    const [published, cold] = [await readTree(dist), await readTree(path.join(root, 'cold'))];
    assert.ok(published.get(oldest)?.equals(cold.get(oldest)!), `${oldest} is not as a cold build writes it`);
    assert.ok(published.get(second)?.equals(cold.get(second)!), `${second} is not as a cold build writes it`);
    assert.deepEqual([...published.keys()].sort(), [...cold.keys()].sort());
  });
});

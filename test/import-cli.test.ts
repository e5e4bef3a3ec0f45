// digest import on pages generated here in the shape of a published digest page: what it refuses
// to write, what it skips, what --dry-run shows. Every case runs the real CLI on real files.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runDigest, tempSite, type CliResult } from './support/digest-cli.ts';

const SITE = path.join(REPO_ROOT, 'test', 'fixtures', 'import', 'site');

interface PageEntry {
  title: string;
  paragraphs: string[];
  source?: string;
}

/** A digest page as the old site published it: week title, sections, entries, editor, dated URL. */
function digestPage(options: { week?: string; url?: string; policy?: PageEntry[]; industry?: PageEntry[]; research?: PageEntry[] }): string {
  const lines = [`社会工作一周动态(${options.week ?? '5.9-5.15'})`];
  const entries = (list: PageEntry[], numbered: boolean) =>
    list.forEach((entry, i) => {
      lines.push(numbered && i < 99 ? `${i + 1}.${entry.title}` : entry.title, ...entry.paragraphs);
      if (entry.source !== '') lines.push(`来源:${entry.source ?? '社工中国网'}`);
    });
  if (options.policy) {
    lines.push('一、政策参考', '地方政策');
    entries(options.policy, true);
  }
  if (options.industry) {
    lines.push('三、行业动态');
    entries(options.industry, false);
  }
  if (options.research) {
    lines.push('四、理论研究');
    entries(options.research, true);
  }
  lines.push('责任编辑:王芳', `文章来源:${options.url ?? 'http://old.example.org/trends/2022/0516/10001.shtml'}`);
  return `${lines.join('\n')}\n`;
}

const NAMES = ['厦门', '福州', '泉州', '漳州', '莆田', '三明', '南平', '龙岩', '宁德'];
/** n entries with distinct titles, each naming a city. */
function manyEntries(n: number): PageEntry[] {
  return Array.from({ length: n }, (_, i) => ({ title: `${NAMES[i % NAMES.length]}社工站开展第${i + 1}次邻里活动`, paragraphs: [`第${i + 1}次活动吸引居民参与。`] }));
}

function assertNoStack(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at /m, `stack trace:\n${result.stderr}`);
}

/** Every file below `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('digest import: a page whose files check would refuse', () => {
  let site: ReturnType<typeof tempSite>;
  before(() => {
    site = tempSite(SITE);
  });
  after(() => site.cleanup());
  const issues = () => path.join(site.root, 'content', 'issues');
  const write = (name: string, text: string) => {
    const file = path.join(site.root, name);
    writeFileSync(file, text);
    return file;
  };

  it('refuses an entry larger than a content file may be, naming the page and the line', () => {
    const huge = '社工站为居民提供服务。'.repeat(300_000); // 9.9 MB of UTF-8 in one paragraph
    const page = write('huge.txt', digestPage({ industry: [{ title: '厦门社工站开展邻里节活动', paragraphs: ['开头。'] }, { title: '福州社工站发布年度报告', paragraphs: [huge] }] }));
    const result = runDigest(['import', '--root', site.root, '--year', '2022', page]);
    assertNoStack(result);
    assert.equal(result.status, 1, result.stderr);
    // The second entry's title is on line 6 of the page.
    assert.match(result.stderr, /huge\.txt\n\s*6:1\s+error\s+.*02-fu-zhou-she-gong-zhan\S*\.md.*MB.*file-too-large/);
    assert.deepEqual(filesUnder(issues()), [], 'nothing is written for that page');
  });

  it('refuses a page of more than 999 entries instead of writing 1000-….md', () => {
    const page = write('thousand.txt', digestPage({ week: '5.16-5.22', industry: manyEntries(1000) }));
    const result = runDigest(['import', '--root', site.root, '--year', '2022', page]);
    assertNoStack(result);
    assert.equal(result.status, 1, result.stderr);
    // Entry 1000's title: line 1 (week), 2 (section), then three lines an entry.
    assert.match(result.stderr, new RegExp(`thousand\\.txt\\n\\s*${3 + 999 * 3}:1\\s+error\\s+.*1000-\\S+\\.md.*entry-file-name`));
    assert.deepEqual(filesUnder(issues()), []);
  });

  it('writes 999 entries, and what it writes passes check', () => {
    const page = write('many.txt', digestPage({ week: '5.23-5.29', industry: manyEntries(999) }));
    const result = runDigest(['import', '--root', site.root, '--year', '2022', page]);
    assert.equal(result.status, 0, result.stderr);
    const written = filesUnder(path.join(issues(), '2022', '2022-05-23'));
    assert.equal(written.length, 1000);
    assert.ok(written.some((name) => /^999-ning-de-[a-z0-9-]+\.md$/.test(name)), written.at(-1));
    const check = runDigest(['check', '--root', site.root]);
    assert.equal(check.status, 0, check.stderr);
  });

  it('refuses an issue file check would refuse (index.md with an original URL that is not a URL)', () => {
    const page = write('bad-url.txt', digestPage({ week: '6.6-6.12', url: 'http://[bad/trends/2022/0613/1.shtml', industry: manyEntries(1) }));
    const result = runDigest(['import', '--root', site.root, '--year', '2022', page]);
    assertNoStack(result);
    assert.equal(result.status, 1, result.stderr);
    // 文章来源 is the last line of the page: line 7.
    assert.match(result.stderr, /bad-url\.txt\n\s*7:1\s+error\s+.*index\.md.*original_url.*invalid-field/);
    assert.equal(existsSync(path.join(issues(), '2022', '2022-06-06')), false);
  });
});

describe('digest import: running it again over the same pages', () => {
  let site: ReturnType<typeof tempSite>;
  before(() => {
    site = tempSite(SITE);
  });
  after(() => site.cleanup());
  const folder = () => path.join(site.root, 'content', 'issues', '2022', '2022-05-09');
  const pageFile = (name: string, text: string) => {
    const file = path.join(site.root, name);
    writeFileSync(file, text);
    return file;
  };

  it('skips a page imported already, unchanged, with exit 0, and imports the fixed one beside it', () => {
    const good = pageFile('good.txt', digestPage({ industry: manyEntries(3) }));
    const broken = pageFile('broken.txt', digestPage({ week: '5.16-5.22', industry: [{ title: '福州社工站开展活动', paragraphs: ['正文。'], source: '' }] }));
    const first = runDigest(['import', '--root', site.root, '--year', '2022', good, broken]);
    assert.equal(first.status, 1);
    assert.match(first.stdout, /imported .*good\.txt -> \S+ \(3 entries\)/);
    assert.match(first.stdout, /^1 page imported, 1 not imported$/m);
    assert.match(first.stderr, /^1 of 2 pages not imported;/m);
    // The editor fixes the broken page and runs the same command again.
    writeFileSync(broken, digestPage({ week: '5.16-5.22', industry: [{ title: '福州社工站开展活动', paragraphs: ['正文。'] }] }));
    const again = runDigest(['import', '--root', site.root, '--year', '2022', good, broken]);
    assertNoStack(again);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /skipped .*good\.txt.*imported already|skipped .*good\.txt/);
    assert.match(again.stdout, /imported .*broken\.txt -> \S+ \(1 entry\)/);
    assert.match(again.stdout, /1 page imported, 1 skipped/);
    assert.ok(existsSync(path.join(site.root, 'content', 'issues', '2022', '2022-05-16', 'index.md')));
  });

  it("refuses a page whose folder an editor changed since, naming the folder, and keeps the editor's work", () => {
    const good = path.join(site.root, 'good.txt');
    const entry = readdirSync(folder()).find((name) => name.startsWith('02-'))!;
    const edited = `${readFileSync(path.join(folder(), entry), 'utf8')}\n编辑补充的一段。\n`;
    writeFileSync(path.join(folder(), entry), edited);
    writeFileSync(path.join(folder(), 'photo.png'), 'png');
    const result = runDigest(['import', '--root', site.root, '--year', '2022', good]);
    assertNoStack(result);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`good\\.txt\\n\\s*1:1\\s+error\\s+.*2022-05-09 exists and differs .*${entry} differs.*photo\\.png.*move that folder away.*import-conflict`));
    assert.equal(readFileSync(path.join(folder(), entry), 'utf8'), edited);
    assert.equal(readFileSync(path.join(folder(), 'photo.png'), 'utf8'), 'png');
  });
});

describe('digest import --dry-run', () => {
  it('shows the files it would write and a summary, and writes nothing', () => {
    const site = tempSite(SITE);
    try {
      const page = path.join(site.root, 'page.txt');
      writeFileSync(page, digestPage({ industry: manyEntries(2) }));
      const before = filesUnder(site.root);
      const result = runDigest(['import', '--root', site.root, '--year', '2022', '--dry-run', page], { cwd: site.root });
      assertNoStack(result);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /would import \S*page\.txt -> content\/issues\/2022\/2022-05-09 \(2 entries\)/);
      assert.match(result.stdout, /^ {2}content\/issues\/2022\/2022-05-09\/index\.md {2}\d+ B$/m);
      assert.match(result.stdout, /^ {2}content\/issues\/2022\/2022-05-09\/02-fu-zhou-[a-z0-9-]+\.md {2}\d+ B$/m);
      assert.match(result.stdout, /1 page would be imported; dry run: nothing was written/);
      assert.deepEqual(filesUnder(site.root), before);
      // A page with problems is reported as in a real run, with exit code 1.
      writeFileSync(page, digestPage({ industry: [{ title: '福州社工站开展活动', paragraphs: ['正文。'], source: '' }] }));
      const bad = runDigest(['import', '--root', site.root, '--year', '2022', '--dry-run', page], { cwd: site.root });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /import-source/);
      assert.deepEqual(filesUnder(site.root), before);
    } finally {
      site.cleanup();
    }
  });
});

describe('digest import: regions from place names', () => {
  it('takes no region from phrases such as 全国各高校 or 新乡贤, and a place name wherever it is', () => {
    const site = tempSite(SITE);
    try {
      const page = path.join(site.root, 'regions.txt');
      writeFileSync(
        page,
        digestPage({
          policy: [{ title: '福州出台全国首个社区社工室建设指引', paragraphs: ['福州市民政局日前印发指引。'] }],
          industry: [
            { title: '“守护成长”暑期社会实践专项活动顺利开展', paragraphs: ['活动得到全国各高校团委的高度重视及大学生们的积极参与。'] },
            { title: '培育新乡贤参与乡村治理的实践', paragraphs: ['多地社工站探索以新乡贤带动村民议事，取得世界大同般的共识。'] },
            { title: '社工站开展邻里活动', paragraphs: ['泉州市社工站在周末举办邻里节。'] },
          ],
        }),
      );
      const result = runDigest(['import', '--root', site.root, '--year', '2022', page]);
      assert.equal(result.status, 0, result.stderr);
      const folder = path.join(site.root, 'content', 'issues', '2022', '2022-05-09');
      const regions = readdirSync(folder)
        .filter((name) => name !== 'index.md')
        .sort()
        .map((name) => /^region: (.+)$/m.exec(readFileSync(path.join(folder, name), 'utf8'))?.[1] ?? null);
      assert.deepEqual(regions, ['福建省/福州市', null, null, '福建省/泉州市']);
    } finally {
      site.cleanup();
    }
  });
});

describe('digest import: research entries', () => {
  it('writes the authors apart from the title, as the sample content has them', () => {
    const site = tempSite(SITE);
    try {
      const page = path.join(site.root, 'research.txt');
      const paragraph = '本文分析了县域社会工作人才的引进与培养。 (西部民政论坛. 2025,21(11))';
      writeFileSync(page, digestPage({ research: [{ title: '县域社会工作人才机制研究（黄一帆 孙蕾）', paragraphs: [paragraph], source: '' }] }));
      const result = runDigest(['import', '--root', site.root, '--year', '2022', page]);
      assert.equal(result.status, 0, result.stderr);
      const folder = path.join(site.root, 'content', 'issues', '2022', '2022-05-09');
      const written = readFileSync(path.join(folder, readdirSync(folder).find((name) => name !== 'index.md')!), 'utf8');
      assert.match(written, /^title: 县域社会工作人才机制研究$/m);
      assert.match(written, /^authors: \[黄一帆, ?孙蕾\]$/m);
    } finally {
      site.cleanup();
    }
    // The sample site: no research title ends in its authors.
    const issues = path.join(REPO_ROOT, 'content', 'issues');
    const research = filesUnder(issues)
      .map((name) => readFileSync(path.join(issues, name), 'utf8'))
      .filter((text) => /^section: research$/m.test(text));
    assert.ok(research.length > 0);
    for (const text of research) {
      const title = /^title: '?(.+?)'?$/m.exec(text)![1]!;
      const authors = /^authors: \[(.+)\]$/m.exec(text)![1]!.split(/,\s*/);
      assert.ok(!authors.some((author) => title.includes(author)), `${title}: the authors are in authors:, not in the title`);
    }
  });
});

describe('digest import: a folder that cannot be written', () => {
  it('says what the system said, with the page and its line, and no stack trace', () => {
    const site = tempSite(SITE);
    try {
      const page = path.join(site.root, 'page.txt');
      writeFileSync(page, digestPage({ industry: manyEntries(1) }));
      const into = path.join(site.root, 'into');
      mkdirSync(into);
      writeFileSync(path.join(into, '2022'), 'a file where the year folder goes');
      const result = runDigest(['import', '--root', site.root, '--into', into, '--year', '2022', page]);
      assertNoStack(result);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /page\.txt\n\s*1:1\s+error\s+cannot write \S*2022-05-09: .*\(E[A-Z]+\); nothing of this page was written\s+import-write/);
    } finally {
      site.cleanup();
    }
  });
});

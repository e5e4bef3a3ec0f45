import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toString } from 'mdast-util-to-string';
import { VFile } from 'vfile';
import { loadConfig, type SiteConfig } from '../src/config.ts';
import { entrySlug, journalOf, splitAuthors, splitCitation, splitSources } from '../src/import/entry-fields.ts';
import { parseDigestText, type ImportedIssue } from '../src/import/parse-digest-text.ts';
import { findPeriod, resolvePeriod } from '../src/import/period.ts';
import { parseDocument } from '../src/parse/parse-document.ts';
import { REPO_ROOT, runDigest, tempSite } from './support/digest-cli.ts';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'import');
const SITE = path.join(FIXTURES, 'site');
// The seed page is not copied into the repository: CI has shared/ beside the clone.
const SEED = path.resolve(REPO_ROOT, '..', 'shared', 'seeds', '000_7d5252cfcdcde4ba.txt');
const skipSeed = existsSync(SEED) ? false : `seed page not found at ${SEED} (shared/ is expected beside the clone)`;

const config: SiteConfig = (() => {
  const file = new VFile({ path: 'content/site.yml', value: readFileSync(path.join(SITE, 'content', 'site.yml'), 'utf8') });
  const loaded = loadConfig(file);
  assert.ok(loaded, 'fixture site.yml loads');
  return loaded;
})();

function parsePage(fileName: string, year?: number): { issue: ImportedIssue | null; page: VFile } {
  const page = new VFile({ path: fileName, value: readFileSync(fileName, 'utf8') });
  return { issue: parseDigestText(page, { config, year }), page };
}

function messages(page: VFile): { line: number | undefined; ruleId: string | undefined; fatal: boolean | null | undefined }[] {
  return page.messages.map((m) => ({ line: m.line, ruleId: m.ruleId, fatal: m.fatal }));
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('import: reading a digest page', () => {
  it('reads the seed page: week, editor, URL, every entry with section, region, sources', { skip: skipSeed }, () => {
    const { issue, page } = parsePage(SEED);
    assert.deepEqual(page.messages.filter((m) => m.fatal), []);
    assert.ok(issue);
    assert.equal(issue.start, '2022-11-21');
    assert.equal(issue.end, '2022-11-27');
    assert.equal(issue.title, null, 'the title is the site default');
    assert.equal(issue.editor, '段冬蕾');
    assert.equal(issue.originalUrl, 'http://trade.swchina.org/trends/2022/1128/42359.shtml');
    assert.equal(issue.published, '2022-11-28');
    assert.deepEqual(
      issue.entries.map((e) => e.section),
      ['policy/central', 'policy/local', 'policy/local', 'policy/local', 'federation', 'industry', 'industry', 'industry', 'industry', 'industry', 'industry', 'research'],
    );
    const byTitle = (start: string) => {
      const entry = issue.entries.find((e) => e.title.startsWith(start));
      assert.ok(entry, start);
      return entry;
    };
    assert.equal(byTitle('联防联控机制').region, '全国');
    assert.deepEqual(byTitle('联防联控机制').sources, ['国家卫健委官网', '社工中国网']);
    assert.equal(byTitle('黑龙江省').region, '黑龙江省');
    assert.equal(byTitle('湖南:推动').region, '湖南省');
    assert.deepEqual(byTitle('湖南:推动').sources, ['中国社会报']);
    assert.equal(byTitle('2168人').region, '山东省/济南市');
    assert.equal(byTitle('吉林长春').region, '吉林省/长春市');
    assert.equal(byTitle('60名社工').region, '河南省/郑州市');
    assert.equal(byTitle('中国社会工作联合会召开').paragraphs.length, 4);
    const research = byTitle('社会治理视域下');
    assert.equal(research.title, '社会治理视域下的乡镇(街道)社工站建设探究');
    assert.deepEqual(research.authors, ['张皓']);
    assert.equal(research.citation, '河北青年管理干部学院学报. 2022,34(06)');
    assert.deepEqual(research.sources, ['河北青年管理干部学院学报']);
    assert.ok(research.paragraphs.at(-1)!.endsWith('现实需要。'), 'the citation is cut off the text');
    assert.ok(issue.entries.every((e) => SLUG.test(e.slug)));
    assert.equal(new Set(issue.entries.map((e) => e.slug)).size, issue.entries.length);
  });

  it('reads (1) and 1、 numbering, unnumbered entries, full-width punctuation and a week across New Year', () => {
    const { issue, page } = parsePage(path.join(FIXTURES, 'new-year.txt'));
    assert.ok(issue, page.messages.join('\n'));
    assert.equal(issue.start, '2022-12-26');
    assert.equal(issue.end, '2023-01-01');
    assert.deepEqual(issue.note, ['本期是年度最后一期，感谢各位读者一年来的关注。']);
    assert.deepEqual(messages(page), [{ line: 3, ruleId: 'import-note', fatal: false }]);
    assert.deepEqual(
      issue.entries.map((e) => [e.section, e.title, e.region]),
      [
        ['policy/central', '民政部部署岁末年初困难群众走访慰问工作', '全国'],
        ['policy/central', '人力资源社会保障部发布社会工作者培训要求修订说明', '全国'],
        ['policy/local', '浙江省杭州市出台社区社会工作室建设指引', '浙江省/杭州市'],
        ['federation', '中国社会工作联合会举办年终工作交流会', null],
        ['industry', '南宁社工开展“暖冬行动”', '广西壮族自治区/南宁市'],
        ['industry', '*重点* 成都社工站服务满意度调查结果发布', '四川省/成都市'],
        ['research', '社区社会工作服务的可及性研究', null],
      ],
    );
    assert.deepEqual(issue.entries[0]!.sources, ['民政部官网', '社工中国网']);
    assert.deepEqual(issue.entries[4]!.sources, ['广西社工网', '南宁民政']);
    assert.deepEqual(issue.entries[4]!.paragraphs.slice(1), ['1. 入户探访困难家庭；', '2. 建立需求台账。'], 'a list of another numbering style stays in the text');
    assert.deepEqual(issue.entries[6]!.authors, ['王敏', '李强']);
    assert.equal(issue.entries[6]!.citation, '社会工作研究. 2023,12(1)');
  });

  it('reports every line it cannot place, with its line number, and imports nothing', () => {
    const { issue, page } = parsePage(path.join(FIXTURES, 'problems.txt'));
    assert.equal(issue, null);
    assert.deepEqual(messages(page).sort((a, b) => a.line! - b.line!), [
      { line: 3, ruleId: 'import-section', fatal: true }, // entry under 政策参考 but no subsection
      { line: 7, ruleId: 'import-source', fatal: true }, // no 来源 before the next numbered entry
      { line: 12, ruleId: 'import-stray-text', fatal: true }, // a second 来源 line
      { line: 13, ruleId: 'import-section', fatal: true }, // 五、社工人物 is not in site.yml
      { line: 18, ruleId: 'import-source', fatal: true }, // no 来源 before 责任编辑
    ]);
    const unknown = page.messages.find((m) => m.line === 13);
    assert.match(unknown!.reason, /社工人物.*line 14/);
  });

  it('says when the week is missing, entry numbers skip, or no region is found', () => {
    const pageOf = (value: string) => {
      const page = new VFile({ path: 'page.txt', value });
      return { issue: parseDigestText(page, { config, year: 2021 }), page };
    };
    const noWeek = pageOf('社会工作一周动态\n三、行业动态\n厦门社工开展活动\n正文。\n来源:厦门民政\n');
    assert.equal(noWeek.issue, null);
    assert.deepEqual(messages(noWeek.page).filter((m) => m.fatal), [{ line: 1, ruleId: 'import-period', fatal: true }]);

    const skipped = pageOf(
      '社会工作一周动态(5.10-5.16)\n一、政策参考\n地方政策\n1.厦门出台社工政策\n正文。\n来源:厦门民政\n3.某地出台培训办法\n没有地名的正文。\n来源:社工中国网\n',
    );
    assert.ok(skipped.issue, 'warnings do not stop the import');
    assert.deepEqual(messages(skipped.page).sort((a, b) => a.ruleId!.localeCompare(b.ruleId!)), [
      { line: 7, ruleId: 'import-numbering', fatal: false },
      { line: 7, ruleId: 'import-region', fatal: false }, // a local policy is about some place
    ]);
  });

  it('needs the year from the article URL or --year', () => {
    const withoutYear = parsePage(path.join(FIXTURES, 'no-year.txt'));
    assert.equal(withoutYear.issue, null);
    assert.deepEqual(messages(withoutYear.page), [{ line: 1, ruleId: 'import-year', fatal: true }]);
    const withYear = parsePage(path.join(FIXTURES, 'no-year.txt'), 2021);
    assert.equal(withYear.issue?.start, '2021-05-10');
    assert.equal(withYear.issue?.end, '2021-05-16');
  });
});

describe('import: a page with a 发布时间 line instead of a dated URL', () => {
  it('takes the year and the publication day from it', () => {
    const page = new VFile({
      path: 'dated.txt',
      value: '社会工作一周动态(12.28-1.3)\n发布时间：2021-01-05\n三、行业动态\n某地社工站开展新年活动\n新年期间，某地社工站为居民举办活动。\n来源:某地民政\n',
    });
    const issue = parseDigestText(page, { config });
    assert.deepEqual(page.messages.map((m) => m.ruleId), []);
    assert.equal(issue?.start, '2020-12-28');
    assert.equal(issue?.end, '2021-01-03');
    assert.equal(issue?.published, '2021-01-05');
    assert.equal(issue?.entries.length, 1);
  });
});

describe('import: weeks', () => {
  const period = (text: string) => {
    const found = findPeriod(text);
    assert.ok(found, text);
    return found;
  };
  it('reads the forms a week is written in', () => {
    assert.deepEqual(period('社会工作一周动态(11.21-11.27)').start, { month: 11, day: 21 });
    assert.deepEqual(period('社会工作一周动态（11月21日—11月27日）').end, { month: 11, day: 27 });
    assert.deepEqual(period('(11.28-4)').end, { month: 12, day: 4 });
    assert.deepEqual(period('(12.29-4)').end, { month: 1, day: 4 });
    assert.equal(findPeriod('社会工作一周动态'), null);
  });
  it('places a week in its year by the publication day', () => {
    assert.deepEqual(resolvePeriod(period('(12.19-12.25)'), { kind: 'published', date: '2023-01-02' }), { ok: true, start: '2022-12-19', end: '2022-12-25' });
    assert.deepEqual(resolvePeriod(period('(12.26-1.1)'), { kind: 'published', date: '2023-01-03' }), { ok: true, start: '2022-12-26', end: '2023-01-01' });
    assert.deepEqual(resolvePeriod(period('(12.26-1.1)'), { kind: 'published-year', year: 2023 }), { ok: true, start: '2022-12-26', end: '2023-01-01' });
    assert.deepEqual(resolvePeriod(period('(12.26-1.1)'), { kind: 'start-year', year: 2022 }), { ok: true, start: '2022-12-26', end: '2023-01-01' });
    assert.deepEqual(resolvePeriod(period('(11.21-11.27)'), { kind: 'published', date: '2022-11-28' }), { ok: true, start: '2022-11-21', end: '2022-11-27' });
    assert.equal(resolvePeriod(period('(2.27-2.30)'), { kind: 'start-year', year: 2023 }).ok, false);
  });
});

describe('import: entry fields', () => {
  it('splits sources on 、 and commas', () => {
    assert.deepEqual(splitSources('国家卫健委官网、社工中国网'), ['国家卫健委官网', '社工中国网']);
    assert.deepEqual(splitSources(' 民政部官网，社工中国网, 中国社会报。'), ['民政部官网', '社工中国网', '中国社会报']);
    assert.deepEqual(splitSources(''), []);
  });
  it('finds authors and citations of research entries', () => {
    assert.deepEqual(splitAuthors('县域社会工作人才研究（黄一帆、孙蕾）'), { title: '县域社会工作人才研究', authors: ['黄一帆', '孙蕾'] });
    assert.deepEqual(splitAuthors('乡镇(街道)社工站建设探究'), { title: '乡镇(街道)社工站建设探究', authors: [] });
    assert.deepEqual(splitCitation('正文。 (学报. 2022,34(06))'), { text: '正文。', citation: '学报. 2022,34(06)' });
    assert.equal(splitCitation('服务站(所、站)合作'), null, 'a parenthesis without a year is text');
    assert.equal(journalOf('西部民政论坛. 2025,21(11)'), '西部民政论坛');
    assert.equal(journalOf('中国社会工作,2022(5)'), '中国社会工作');
  });
  it('makes short, unique pinyin slugs', () => {
    const taken = new Set<string>();
    assert.equal(entrySlug('黑龙江省公开征求开展特困老人探访关爱服务实施方案意见', taken), 'hei-long-jiang-sheng-gong');
    assert.equal(entrySlug('黑龙江省公开征求意见', taken), 'hei-long-jiang-sheng-gong-2');
    assert.equal(entrySlug('“守护朝阳 助力成长”', taken), 'shou-hu-chao-yang-zhu');
    assert.match(entrySlug('！！！', taken), SLUG);
  });
});

describe('digest import (CLI)', () => {
  let site: ReturnType<typeof tempSite>;
  before(() => {
    site = tempSite(SITE);
  });
  after(() => site.cleanup());
  const issuesDir = () => path.join(site.root, 'content', 'issues');

  it('imports the seed page into an issue that passes check and builds', { skip: skipSeed }, () => {
    const result = runDigest(['import', '--root', site.root, SEED]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /imported .* \(12 entries\)/);
    const folder = path.join(issuesDir(), '2022', '2022-11-21');
    const names = readdirSync(folder).sort();
    assert.equal(names.length, 13);
    assert.equal(names[0], '01-lian-fang-lian-kong-ji.md');
    assert.ok(names.every((name) => name === 'index.md' || /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/.test(name)));
    const check = runDigest(['check', '--root', site.root]);
    assert.equal(check.status, 0, check.stderr);
    const out = path.join(site.root, 'dist');
    const build = runDigest(['build', '--root', site.root, '--out', out]);
    assert.equal(build.status, 0, build.stderr);
    const html = readFileSync(path.join(out, 'issues', '2022-11-21', 'index.html'), 'utf8');
    assert.match(html, /黑龙江省公开征求开展特困老人探访关爱服务实施方案意见/);
    assert.match(html, /段冬蕾/);
    assert.match(html, /河北青年管理干部学院学报\. 2022,34\(06\)/);
  });

  it('never overwrites an existing folder', { skip: skipSeed }, () => {
    const index = path.join(issuesDir(), '2022', '2022-11-21', 'index.md');
    writeFileSync(index, '---\neditor: 已改\n---\n');
    const result = runDigest(['import', '--root', site.root, SEED]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /2022-11-21 exists and differs from what this page imports \(index.md differs\); it is left as it is/);
    assert.equal(readFileSync(index, 'utf8'), '---\neditor: 已改\n---\n');
  });

  it('writes text that reads back exactly as it was, and escapes it in HTML', () => {
    const result = runDigest(['import', '--root', site.root, path.join(FIXTURES, 'new-year.txt')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /new-year\.txt\n.*3:1.*warning.*editor's note/);
    const folder = path.join(issuesDir(), '2022', '2022-12-26');
    const expected = parsePage(path.join(FIXTURES, 'new-year.txt')).issue!;
    const files = readdirSync(folder).filter((name) => name !== 'index.md').sort();
    assert.equal(files.length, expected.entries.length);
    files.forEach((name, i) => {
      const parsed = parseDocument(readFileSync(path.join(folder, name)));
      const entry = expected.entries[i]!;
      assert.equal(parsed.data.title, entry.title);
      assert.deepEqual(parsed.tree.children.map((node) => toString(node)), entry.paragraphs, name);
      assert.ok(parsed.tree.children.every((node) => node.type === 'paragraph'), `${name}: only paragraphs`);
    });
    const index = parseDocument(readFileSync(path.join(folder, 'index.md')));
    assert.deepEqual(index.data, { editor: '刘洋', published: '2023-01-03', original_url: 'http://old.example.org/trends/2023/0103/12345.shtml' });
    const check = runDigest(['check', '--root', site.root]);
    assert.equal(check.status, 0, check.stderr);
    const out = path.join(site.root, 'dist');
    assert.equal(runDigest(['build', '--root', site.root, '--out', out]).status, 0);
    const html = readFileSync(path.join(out, 'issues', '2022-12-26', 'index.html'), 'utf8');
    assert.match(html, /调查覆盖 (&lt;|&#x3C;)全市(>|&gt;) 12个区县 (&amp;|&#x26;) 260个站点，详见\[附件\]。/, 'markup-like text is escaped');
    assert.doesNotMatch(html, /<全市>/);
    assert.match(html, /<p>1\. 入户探访困难家庭；<\/p>/);
    assert.match(html, /\*重点\* 成都社工站/);
  });

  it('imports nothing from a page with lines it cannot place, and says where they are', () => {
    const result = runDigest(['import', '--root', site.root, path.join(FIXTURES, 'problems.txt')]);
    assert.equal(result.status, 1);
    for (const line of [3, 7, 12, 13, 18]) assert.match(result.stderr, new RegExp(`(^|\\s)${line}:1\\s+error`, 'm'), `line ${line}`);
    assert.equal(existsSync(path.join(issuesDir(), '2023')), false);
  });

  it('takes the year from --year, and reads GB18030 pages', () => {
    const noYear = runDigest(['import', '--root', site.root, path.join(FIXTURES, 'no-year.txt')]);
    assert.equal(noYear.status, 1);
    assert.match(noYear.stderr, /import-year/);
    const gbk = runDigest(['import', '--root', site.root, '--year', '2021', path.join(FIXTURES, 'no-year-gbk.txt')]);
    assert.equal(gbk.status, 0, gbk.stderr);
    assert.match(gbk.stderr, /GB18030/);
    const folder = path.join(issuesDir(), '2021', '2021-05-10');
    const entry = readdirSync(folder).find((name) => name !== 'index.md')!;
    assert.match(readFileSync(path.join(folder, entry), 'utf8'), /title: 厦门社工服务站开展邻里节活动/);
  });

  it('refuses a week that overlaps an existing issue; --into chooses the issues folder', () => {
    const other = tempSite(SITE);
    try {
      mkdirSync(path.join(other.root, 'content', 'issues', '2021', '2021-05-12'), { recursive: true });
      const refused = runDigest(['import', '--root', other.root, '--year', '2021', path.join(FIXTURES, 'no-year.txt')]);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /overlaps the issue of 2021-05-12.*import-conflict/);
      assert.equal(existsSync(path.join(other.root, 'content', 'issues', '2021', '2021-05-10')), false);
      const into = path.join(other.root, 'elsewhere');
      const elsewhere = runDigest(['import', '--root', other.root, '--into', into, '--year', '2021', path.join(FIXTURES, 'no-year.txt')]);
      assert.equal(elsewhere.status, 0, elsewhere.stderr);
      assert.ok(existsSync(path.join(into, '2021', '2021-05-10', 'index.md')));
    } finally {
      other.cleanup();
    }
  });

  it('says what is wrong with the command line', () => {
    assert.equal(runDigest(['import', '--root', site.root]).status, 2);
    assert.equal(runDigest(['import', '--root', site.root, '--year', '22', path.join(FIXTURES, 'no-year.txt')]).status, 2);
    const missing = runDigest(['import', '--root', site.root, path.join(FIXTURES, 'nope.txt')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope\.txt: no such file/);
    assert.match(runDigest(['import', '--help']).stdout, /digest import FILE\.\.\./);
  });
});

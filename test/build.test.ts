// The build pipeline end to end: a fixture site root in, the real CLI, the HTML out.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { copyFixture, listFiles, readOutput, runCli, textOf } from './support/site-root.ts';

describe('building the basic fixture', () => {
  let root: string;
  let dist: string;
  before(() => {
    root = copyFixture('basic');
    dist = path.join(root, 'dist');
    const run = runCli(['build', '--root', root]);
    assert.equal(run.status, 0, run.stderr);
  });

  test('builds every page kind at the URLs of DESIGN.md', () => {
    const files = new Set(listFiles(dist));
    for (const expected of [
      'index.html',
      '404.html',
      'issues/index.html',
      'issues/2022/index.html',
      'issues/2023/index.html',
      'issues/2022-12-26/index.html',
      'issues/2023-01-02/index.html',
      'issues/2023-01-09/index.html',
      'sections/index.html',
      'sections/policy/index.html',
      'sections/policy/central/index.html',
      'sections/policy/local/index.html',
      'sections/research/index.html',
      'regions/index.html',
      'regions/quanguo/index.html',
      'regions/shandong/index.html',
      'regions/shandong/jinan/index.html',
      'sources/index.html',
      'sources/she-gong-zhong-guo-wang/index.html',
      'tags/index.html',
      'tags/she-qu/index.html',
      'assets/style.css',
    ]) {
      assert.ok(files.has(expected), `missing ${expected}`);
    }
  });

  test('links carry the base path of site.url', () => {
    const home = readOutput(dist, 'index.html');
    assert.match(home, /href="\/archive\/issues\/"/);
    assert.match(home, /<link rel="stylesheet" href="\/archive\/assets\/style.css">/);
    assert.match(home, /<html lang="zh-CN">/);
  });

  test('an issue lists its sections in site.yml order, central before local policy', () => {
    const text = textOf(readOutput(dist, 'issues/2022-12-26/index.html'));
    const central = text.indexOf('中央政策');
    const local = text.indexOf('地方政策');
    assert.ok(central !== -1 && local !== -1 && central < local, 'central policy comes first');
    assert.ok(text.indexOf('中央文件发布') < text.indexOf('山西省推进社区服务'), 'entry 03 (central) is read before entry 01 (local)');
    assert.ok(text.indexOf('山西省推进社区服务') < text.indexOf('陕西省推进社区服务'), 'entries keep NN order inside a section');
  });

  test('entries have anchors and link to their region, sources and tags', () => {
    const html = readOutput(dist, 'issues/2023-01-02/index.html');
    assert.match(html, /<article class="entry" id="jinan">/);
    assert.match(html, /href="\/archive\/regions\/shandong\/jinan\/"/);
    assert.match(html, /href="\/archive\/sources\/she-gong-zhong-guo-wang\/"/);
    assert.match(html, /href="\/archive\/tags\/re-xian\/"/);
  });

  test('issues link to the previous and next issue across the new year', () => {
    const html = readOutput(dist, 'issues/2023-01-02/index.html');
    assert.match(html, /rel="prev" href="\/archive\/issues\/2022-12-26\/"/);
    assert.match(html, /rel="next" href="\/archive\/issues\/2023-01-09\/"/);
    const first = readOutput(dist, 'issues/2022-12-26/index.html');
    assert.doesNotMatch(first, /rel="prev"/);
    assert.match(first, /测试周报\(12\.26-1\.1\)/, 'default title spans the new year');
  });

  test('a relative link to another entry file becomes its URL', () => {
    const html = readOutput(dist, 'issues/2023-01-02/index.html');
    assert.match(html, /href="\/archive\/issues\/2022-12-26\/#central"/);
  });

  test('a province page lists the entries of its cities', () => {
    const province = textOf(readOutput(dist, 'regions/shandong/index.html'));
    assert.ok(province.includes('济南市社工开通热线'), 'city entry on province page');
    assert.ok(province.includes('山东省发布通知'), 'province entry on province page');
    const city = textOf(readOutput(dist, 'regions/shandong/jinan/index.html'));
    assert.ok(city.includes('济南市社工开通热线'));
    assert.ok(!city.includes('山东省发布通知'), 'province-only entry is not on the city page');
  });

  test('the parent section page includes its subsections', () => {
    const policy = textOf(readOutput(dist, 'sections/policy/index.html'));
    assert.ok(policy.includes('中央文件发布') && policy.includes('山东省发布通知'));
  });

  test('山西省 and 陕西省 get different URLs', () => {
    const files = listFiles(dist).filter((file) => file.startsWith('regions/'));
    const shanxi = readOutput(dist, 'regions/index.html');
    const hrefs = [...shanxi.matchAll(/href="\/archive\/regions\/([^"]+)\/">(山西省|陕西省)</g)].map((m) => m[1]);
    assert.equal(hrefs.length, 2);
    assert.notEqual(hrefs[0], hrefs[1]);
    for (const slug of hrefs) assert.ok(files.includes(`regions/${slug}/index.html`));
    const sources = readOutput(dist, 'sources/index.html');
    const sourceSlugs = [...sources.matchAll(/href="\/archive\/sources\/([^"]+)\/">(山西日报|陕西日报)</g)].map((m) => m[1]);
    assert.equal(new Set(sourceSlugs).size, 2, 'sources whose pinyin collides get distinct slugs');
  });

  test('long lists are paginated with page links', () => {
    // page_size is 2 in the fixture; 社区 tags 6 entries -> 3 pages.
    const files = listFiles(dist);
    assert.ok(files.includes('tags/she-qu/page/2/index.html'));
    assert.ok(files.includes('tags/she-qu/page/3/index.html'));
    assert.ok(!files.includes('tags/she-qu/page/4/index.html'));
    const first = readOutput(dist, 'tags/she-qu/index.html');
    assert.equal((first.match(/class="summary"/g) ?? []).length, 2);
    assert.match(first, /rel="next" href="\/archive\/tags\/she-qu\/page\/2\/"/);
    const last = readOutput(dist, 'tags/she-qu/page/3/index.html');
    assert.match(last, /rel="prev" href="\/archive\/tags\/she-qu\/page\/2\/"/);
    assert.doesNotMatch(last, /rel="next"/);
  });

  test('the taxonomy index shows counts', () => {
    const tags = textOf(readOutput(dist, 'tags/index.html'));
    assert.match(tags, /社区 6/);
    assert.match(tags, /热线 1/);
  });

  test('<, & and quotes in titles and names are escaped, raw HTML is sanitized', () => {
    const html = readOutput(dist, 'issues/2023-01-02/index.html');
    assert.ok(html.includes('A&lt;B &amp; &quot;引号&quot; &#39;single&#39; 测试'), 'title escaped');
    assert.ok(html.includes('社工&lt;中国&gt;网'), 'source escaped');
    assert.ok(html.includes('&lt;b&gt;粗体&lt;/b&gt;'), 'tag escaped');
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /javascript:alert/);
  });

  test('headings inside an entry rank below its title: ### is h4 under an h3 entry, h5 under an h4 one', () => {
    const research = readOutput(dist, 'issues/2023-01-09/index.html');
    assert.match(research, /<h3 class="entry__title">[\s\S]*?<h4>小标题<\/h4>/);
    const central = readOutput(dist, 'issues/2022-12-26/index.html');
    assert.match(central, /<h4 class="entry__title"><a href="#central">中央文件发布<\/a><\/h4>[\s\S]*?<h5>要点<\/h5>/);
    for (const html of [research, central]) {
      const titles = [...html.matchAll(/<h(\d)[^>]*class="entry__title"/g)].map((match) => Number(match[1]));
      const bodies = [...html.matchAll(/<div class="entry__body prose">([\s\S]*?)<\/div>/g)].flatMap((match) => [...match[1]!.matchAll(/<h(\d)>/g)].map((h) => Number(h[1])));
      assert.ok(bodies.every((level) => level > Math.min(...titles)), 'no body heading outranks an entry title');
    }
  });

  test('calendar dates are printed as written', () => {
    const html = readOutput(dist, 'issues/2022-12-26/index.html');
    assert.match(html, /<time datetime="2022-12-26">2022年12月26日<\/time>/);
    assert.match(html, /<time datetime="2023-01-01">2023年1月1日<\/time>/);
  });
});

describe('determinism', () => {
  function buildUnder(tz: string): Map<string, string> {
    const root = copyFixture('basic');
    const run = runCli(['build', '--root', root], { env: { TZ: tz } });
    assert.equal(run.status, 0, run.stderr);
    const dist = path.join(root, 'dist');
    return new Map(listFiles(dist).map((file) => [file, createHash('sha256').update(readFileSync(path.join(dist, file))).digest('hex')]));
  }

  test('output is byte-identical across runs and time zones', () => {
    const shanghai = buildUnder('Asia/Shanghai');
    const losAngeles = buildUnder('America/Los_Angeles');
    const again = buildUnder('Asia/Shanghai');
    assert.deepEqual([...losAngeles], [...shanghai]);
    assert.deepEqual([...again], [...shanghai]);
  });
});

describe('another site root', () => {
  test('digest build --root builds it with its own template and static overrides, file by file', () => {
    const root = copyFixture('themed');
    const run = runCli(['build', '--root', root]);
    assert.equal(run.status, 0, run.stderr);
    const dist = path.join(root, 'dist');
    const page = readOutput(dist, 'issues/2024-03-04/index.html');
    assert.match(page, /Custom footer for Themed digest/, 'overridden partial');
    assert.match(page, /class="site-header"/, 'built-in templates still used for the rest');
    assert.match(page, /<html lang="en">/);
    assert.equal(readOutput(dist, 'assets/style.css'), 'body { color: rebeccapurple; }\n');
    assert.equal(readOutput(dist, 'extra.txt'), 'extra\n');
    assert.ok(listFiles(dist).includes('robots.txt'), 'built-in static files are still copied');
  });

  test('--out writes elsewhere and --base-url changes every link', () => {
    const root = copyFixture('themed');
    const out = path.join(root, 'public-site');
    const run = runCli(['build', '--root', root, '--out', out, '--base-url', 'https://other.example/sub/path']);
    assert.equal(run.status, 0, run.stderr);
    const home = readOutput(out, 'index.html');
    assert.match(home, /href="\/sub\/path\/issues\/"/);
    assert.match(home, /<link rel="canonical" href="https:\/\/other.example\/sub\/path\/">/);
  });
});

// `digest newsletter` as an editor runs it: the mail read back by a real MIME parser (mailparser),
// its HTML laid out by Chromium at phone and desktop widths, the WeChat fragment parsed as HTML,
// and hostile titles and bodies escaped in both editions.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { assertNoStackTrace, CLI, REPO, removeTempDirs, runCli, tempDir } from './helpers/cli.ts';
import { emailText } from '../src/newsletter/email-text.ts';
import type { IssueEdition } from '../src/newsletter/issue-edition.ts';
import { mimeMessage } from '../src/newsletter/mime-message.ts';
import { chromiumMissing, launchChromium, type Browser } from './support/chromium.ts';
import { javaMissing, vnuMessages } from './support/vnu.ts';

const SITE_URL = 'https://example.org/digest/';
const HOSTILE_TITLE = '<script>alert("issue")</script> & 周报';
const HOSTILE_ENTRY = '<img src=x onerror=alert(1)>“服务站”建设';
const GOV = 'https://www.gov.cn/zhengce/2025-11/24/content_1.htm';
const LONG = `https://example.com/${'a'.repeat(300)}`;
const WECHAT_ARTICLE = 'https://mp.weixin.qq.com/s/abcdef';

const SITE_YML = `title: 测试周报
url: ${SITE_URL}
sections:
  - id: policy
    title: 政策参考
    sections:
      - { id: central, title: 中央政策 }
  - { id: industry, title: 行业动态 }
newsletter:
  from: 周报编辑部 <news@example.org>
  to: [订阅者 <list@example.org>]
  reply_to: editor@example.org
`;

const FILES: Record<string, string> = {
  'content/site.yml': SITE_YML,
  'content/issues/2025/2025-11-17/index.md': '---\nnumber: 1\n---\n',
  'content/issues/2025/2025-11-17/01-old-news.md': '---\ntitle: 上期新闻\nsection: industry\nsource: 民政部\n---\n上期的正文。\n',
  'content/issues/2025/2025-11-24/index.md': `---\ntitle: '${HOSTILE_TITLE}'\nnumber: 2\neditor: 张三\npublished: 2025-11-30\n---\n本期编者按，见[政策原文](${GOV})。\n`,
  'content/issues/2025/2025-11-24/01-station.md': `---
title: '${HOSTILE_ENTRY}'
section: policy/central
source: [民政部, 社工中国网]
region: 山东省/济南市
---
第一段，提到[政策原文](${GOV})和[上期](../2025-11-17/01-old-news.md)。

<script>alert(2)</script><a href="javascript:alert(3)">坏链接</a>

第二段再次提到[同一政策](${GOV})，以及[公众号文章](${WECHAT_ARTICLE})。

![图表](chart.png)

很长的链接：[长](${LONG})
`,
  'content/issues/2025/2025-11-24/02-industry.md': '---\ntitle: 行业新闻\nsection: industry\nsource: 社工中国网\n---\n- 一项\n- 两项\n',
  'content/issues/2025/2025-12-01/index.md': '---\nnumber: 3\ndraft: true\n---\n',
  'content/issues/2025/2025-12-01/01-draft.md': '---\ntitle: 草稿条目\nsection: industry\nsource: 民政部\n---\n草稿。\n',
};

async function makeSite(files: Record<string, string>): Promise<string> {
  const root = path.join(await tempDir('digest-newsletter-'), 'site');
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  await writeFile(path.join(root, 'content/issues/2025/2025-11-24/chart.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  return root;
}

/** The CLI's standard output as bytes (an .eml is bytes), under the time zone given. */
function runBytes(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'buffer', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

function elements(tree: Root | Element, tagName?: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Root | RootContent) => {
    if (node.type === 'element' && (tagName === undefined || node.tagName === tagName)) found.push(node);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return found;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  return [value ?? []].flat().flatMap((object) => object.value.map((address) => `${address.name} <${address.address}>`));
}

after(removeTempDirs);

describe('digest newsletter', { concurrency: 1 }, () => {
  let root = '';
  let mail: ParsedMail;
  let eml: Buffer;

  before(async () => {
    root = await makeSite(FILES);
    const out = path.join(root, 'issue.eml');
    const result = await runCli(['newsletter', '--root', root, '--week', '2025-11-24', '--out', out]);
    assertNoStackTrace(result);
    assert.equal(result.code, 0, result.stderr);
    eml = await readFile(out);
    mail = await simpleParser(eml);
  });

  it('email: a multipart/alternative UTF-8 message, its encoded Subject the issue title, addressed as site.yml says', () => {
    const head = eml.toString('latin1').split('\r\n\r\n')[0]!;
    assert.match(head, /^Content-Type: multipart\/alternative;/m);
    assert.match(head, /^Subject: =\?UTF-8\?[BQ]\?/m, 'the subject is encoded');
    assert.match(head, /^MIME-Version: 1\.0$/m);
    assert.doesNotMatch(eml.toString('latin1'), /[^\x00-\x7f]/, 'only ASCII on the wire: everything else encoded');
    assert.equal(mail.subject, HOSTILE_TITLE);
    assert.deepEqual(addresses(mail.from), ['周报编辑部 <news@example.org>']);
    assert.deepEqual(addresses(mail.to), ['订阅者 <list@example.org>']);
    assert.deepEqual(addresses(mail.replyTo), [' <editor@example.org>']);
    assert.equal(mail.date?.toISOString(), '2025-11-30T00:00:00.000Z');
    assert.match(String(mail.messageId), /^<2025-11-24\.[0-9a-f]+@example\.org>$/);
    const types = eml.toString('latin1').match(/^Content-Type: text\/(plain|html); charset=utf-8$/gm);
    assert.deepEqual(types, ['Content-Type: text/plain; charset=utf-8', 'Content-Type: text/html; charset=utf-8']);
  });

  it('email: the text part holds titles, paragraphs, 来源 and every link written out as its URL', () => {
    const text = mail.text ?? '';
    for (const expected of [HOSTILE_TITLE, HOSTILE_ENTRY, `本期编者按，见政策原文 (${GOV})。`, '行业新闻', '第一段，提到政策原文', '第二段再次提到同一政策', '来源：民政部、社工中国网', '地区：山东省 · 济南市', `(${GOV})`, `(${WECHAT_ARTICLE})`, `(${SITE_URL}issues/2025-11-17/#old-news)`, `${SITE_URL}issues/2025-11-24/chart.png`, `${SITE_URL}issues/2025-11-24/`, `${SITE_URL}issues/`, '· 一项', '责任编辑：张三', '【政策参考】', '〔中央政策〕']) {
      assert.ok(text.includes(expected), `text part holds ${expected}:\n${text}`);
    }
    assert.doesNotMatch(text, /alert\(2\)|javascript:/, 'sanitized content stays out of the text too');
  });

  it('email: the HTML part has no script or stylesheet, every link and image absolute, and links to the web version and the archive', () => {
    const html = String(mail.html);
    const tree = fromHtml(html);
    assert.deepEqual(elements(tree, 'script'), []);
    assert.deepEqual(elements(tree, 'style'), [], 'styles are inlined');
    assert.deepEqual(elements(tree, 'link'), []);
    assert.ok(elements(tree).every((element) => !Object.keys(element.properties).some((name) => /^on/i.test(name))), 'no event handler');
    const hrefs = elements(tree, 'a').map((a) => String(a.properties.href));
    const srcs = elements(tree, 'img').map((img) => String(img.properties.src));
    for (const url of [...hrefs, ...srcs]) assert.match(url, /^https:\/\//, `absolute: ${url}`);
    assert.ok(hrefs.includes(`${SITE_URL}issues/2025-11-24/`), 'web version');
    assert.ok(hrefs.includes(`${SITE_URL}issues/`), 'archive');
    assert.ok(hrefs.includes(`${SITE_URL}issues/2025-11-17/#old-news`), 'a content link leads to the entry on the site');
    assert.deepEqual(srcs, [`${SITE_URL}issues/2025-11-24/chart.png`]);
    assert.match(html, /style="[^"]*max-width: ?600px/, 'one column, at most 600 px');
    // Escaped, not markup.
    assert.doesNotMatch(html, /<script|<img[^>]*onerror/i, 'the hostile title and body are text');
    assert.equal(elements(tree, 'title')[0] && textOf(elements(tree, 'title')[0]!), HOSTILE_TITLE);
    assert.ok(elements(tree, 'h4').some((h4) => textOf(h4) === HOSTILE_ENTRY), 'the entry title (in a subsection: h4) is text');
    assert.doesNotMatch(html, /javascript:|alert\(2\)|alert\(3\)/);
  });

  it('email: the same content gives the same bytes in any time zone, to standard output as to --out', async () => {
    const utc = await runBytes(['newsletter', '--root', root, '--week', '2025-11-24'], { TZ: 'UTC' });
    const shanghai = await runBytes(['newsletter', '--root', root, '--week', '2025-11-24'], { TZ: 'Asia/Shanghai' });
    assert.equal(utc.code, 0, utc.stderr);
    assert.ok(utc.stdout.equals(shanghai.stdout), 'identical in UTC and Asia/Shanghai');
    assert.ok(utc.stdout.equals(eml), 'stdout as --out');
  });

  it('the default is the latest published issue, as email, to standard output', async () => {
    const result = await runBytes(['newsletter', '--root', root]);
    assert.equal(result.code, 0, result.stderr);
    const parsed = await simpleParser(result.stdout);
    assert.equal(parsed.subject, HOSTILE_TITLE, 'the latest published issue (the draft after it is left out)');
  });

  it('wechat: inline styles only, no link to an outside host, each URL once in the numbered notes', async () => {
    const result = await runCli(['newsletter', '--root', root, '--week', '2025-11-24', '--format', 'wechat']);
    assert.equal(result.code, 0, result.stderr);
    const fragment = result.stdout;
    const tree = fromHtml(fragment, { fragment: true });
    for (const tag of ['script', 'style', 'link', 'iframe', 'html', 'body']) assert.deepEqual(elements(tree, tag), [], `no <${tag}>`);
    for (const element of elements(tree)) {
      assert.equal(element.properties.className, undefined, `no class on <${element.tagName}>`);
      assert.equal(element.properties.id, undefined, `no id on <${element.tagName}>`);
      assert.ok(!Object.keys(element.properties).some((name) => /^on/i.test(name)), 'no event handler');
    }
    for (const a of elements(tree, 'a')) assert.equal(new URL(String(a.properties.href)).hostname, 'mp.weixin.qq.com', `only WeChat links stay links: ${String(a.properties.href)}`);
    assert.equal(elements(tree, 'a').length, 1, 'the WeChat article link stays a link');
    const notes = elements(tree, 'p').flatMap((p) => {
      const match = /^\[(\d+)\] (.+)：(\S+)$/.exec(textOf(p));
      return match ? [{ number: Number(match[1]), url: match[3]! }] : [];
    });
    const urls = notes.map((note) => note.url);
    assert.deepEqual(notes.map((note) => note.number), urls.map((_, index) => index + 1), 'numbered 1, 2, ...');
    assert.equal(new Set(urls).size, urls.length, `each URL once: ${urls.join(' ')}`);
    for (const url of [GOV, LONG, `${SITE_URL}issues/2025-11-17/#old-news`, `${SITE_URL}issues/2025-11-24/`, `${SITE_URL}issues/`]) assert.ok(urls.includes(url), `a note for ${url}: ${urls.join(' ')}\n${textOf(tree)}`);
    assert.ok(!urls.includes(WECHAT_ARTICLE));
    const govNumber = urls.indexOf(GOV) + 1;
    assert.equal(textOf(tree).split(`政策原文[${govNumber}]`).length - 1, 2, 'the same URL keeps its number (note and entry)');
    assert.ok(textOf(tree).includes(`同一政策[${govNumber}]`));
    assert.deepEqual(elements(tree, 'img').map((img) => img.properties.src), [`${SITE_URL}issues/2025-11-24/chart.png`], 'images absolute');
    assert.ok(elements(tree).every((element) => element.tagName === 'br' || typeof element.properties.style === 'string'), 'every element styled inline');
    // Escaped, not markup.
    assert.ok(elements(tree, 'h1').some((h1) => textOf(h1) === HOSTILE_TITLE));
    assert.ok(elements(tree, 'h4').some((h4) => textOf(h4) === HOSTILE_ENTRY));
    assert.doesNotMatch(fragment, /javascript:|alert\(2\)|alert\(3\)|<img src="?x/);
  });

  it('a --week with no issue is a usage error naming the week, and nothing is written', async () => {
    for (const week of ['2024-01-01', '2025-12-01']) {
      const out = path.join(root, `none-${week}.eml`);
      const result = await runCli(['newsletter', '--root', root, '--week', week, '--out', out]);
      assertNoStackTrace(result);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`--week ${week}: no published issue`));
      assert.equal(result.stdout, '');
      assert.equal(existsSync(out), false);
    }
    const inside = await runCli(['newsletter', '--root', root, '--week', '2025-11-26', '--format', 'wechat']);
    assert.equal(inside.code, 0, 'a day inside an issue\'s period names that issue');
  });

  it('bad values and options get one-line usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'pdf'], /unknown --format "pdf"; use email or wechat/],
      [['--week', '2025-13-01'], /--week "2025-13-01" is not a date/],
      [['--wek', '2025-11-24'], /unknown option --wek; did you mean --week\?/],
      [['--out', root], /is a folder/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['newsletter', '--root', root, ...args]);
      assertNoStackTrace(result);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    const help = await runCli(['newsletter', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^digest newsletter \[--root DIR\] \[--week YYYY-MM-DD\] \[--format email\|wechat\] \[--out FILE\]/);
  });

  it('without a newsletter: block the headers carry placeholder addresses, said on stderr', async () => {
    const plain = await makeSite({ ...FILES, 'content/site.yml': SITE_YML.slice(0, SITE_YML.indexOf('newsletter:')) });
    const result = await runBytes(['newsletter', '--root', plain]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /no newsletter\.from/);
    const parsed = await simpleParser(result.stdout);
    assert.match(addresses(parsed.from)[0]!, /newsletter\.from in site\.yml <from@[a-z-]+\.invalid>/);
    assert.match(addresses(parsed.to)[0]!, /\.invalid>$/);
    assert.equal(parsed.replyTo, undefined);
  });

  it('a bad address in site.yml is a content error on its line', async () => {
    const bad = await makeSite({ ...FILES, 'content/site.yml': SITE_YML.replace('reply_to: editor@example.org', 'reply_to: editor at example') });
    const result = await runCli(['newsletter', '--root', bad]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /site\.yml\n12:3 error newsletter\.reply_to: "editor at example" is not one mail address/);
    const unknown = await makeSite({ ...FILES, 'content/site.yml': SITE_YML.replace('reply_to:', 'replyto:') });
    assert.match((await runCli(['check', '--root', unknown])).stderr, /unknown field "newsletter\.replyto"; did you mean "?reply_to"?/);
  });
});

describe('the text part', () => {
  it('numbers ordered lists, bullets the others, keeps code as written and writes links out', () => {
    const body = fromHtml('<p>见<a href="https://x.org/a">原文</a>与 <a href="https://y.org/">https://y.org/</a></p><ol start="3"><li><p>三</p></li><li>四<ul><li>子项</li></ul></li></ol><pre><code>  a = 1\n    b\n</code></pre><blockquote><p>引文</p></blockquote><p><img src="https://example.org/x.png" alt="图表"></p>', { fragment: true });
    const edition: IssueEdition = { issueId: '2025-11-24', siteTitle: '站', language: 'zh-CN', title: '标题', dates: '日期', date: '2025-11-30', editor: null, originalUrl: null, webUrl: 'https://example.org/i/', archiveUrl: 'https://example.org/a/', homeUrl: 'https://example.org/', note: null, groups: [{ title: '栏目', entries: [{ title: '条目', url: 'https://example.org/i/#e', authors: ['作者甲'], citation: '期刊', sources: ['甲', '乙'], region: null, body }], subgroups: [] }] };
    const text = emailText(edition);
    for (const expected of ['见原文 (https://x.org/a)与 https://y.org/\n', '3. 三\n\n4. 四\n\n· 子项', '  a = 1\n    b\n', '> 引文', '[图表] https://example.org/x.png', '■ 条目\nhttps://example.org/i/#e\n\n作者甲', '期刊\n\n来源：甲、乙']) {
      assert.ok(text.includes(expected), `${JSON.stringify(expected)} in:\n${text}`);
    }
  });
});

describe('the MIME message', () => {
  it('a line break in a subject or an address makes no header of its own', async () => {
    const message = await mimeMessage({
      subject: '周报\r\nBcc: victim@example.com\nX-Injected: 1',
      date: '2025-11-24',
      issueId: '2025-11-24',
      host: 'example.org',
      addresses: { from: '编辑部 <news@example.org>', to: ['list@example.org'], replyTo: null },
      text: '正文',
      html: '<p>正文</p>',
    });
    const head = message.toString('latin1').split('\r\n\r\n')[0]!;
    assert.doesNotMatch(head, /^(Bcc|X-Injected):/im);
    const parsed = await simpleParser(message);
    assert.equal(parsed.subject, '周报 Bcc: victim@example.com X-Injected: 1');
    assert.equal(parsed.bcc, undefined);
  });
});

const skip = chromiumMissing();
if (skip) console.log(`# ${skip}`);

describe('the email HTML in a browser', { skip: skip ?? false }, () => {
  let browser: Browser;
  let html = '';

  before(async () => {
    const root = await makeSite(FILES);
    const result = await runBytes(['newsletter', '--root', root, '--week', '2025-11-24']);
    assert.equal(result.code, 0, result.stderr);
    html = String((await simpleParser(result.stdout)).html);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  for (const width of [375, 600]) {
    it(`${width} px wide: no sideways scroll, even with a wide image and a long URL`, async () => {
      const page = await browser.context.newPage();
      try {
        await page.setViewportSize({ width, height: 800 });
        // Nothing leaves the machine: the image is a wide picture served here, all else refused.
        await page.route('**/*', (route) =>
          route.request().url().endsWith('chart.png')
            ? route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="300"><rect width="1600" height="300" fill="teal"/></svg>' })
            : route.abort(),
        );
        await page.setContent(html, { waitUntil: 'load' });
        const layout = await page.evaluate(() => ({
          scroll: document.scrollingElement!.scrollWidth,
          viewport: window.innerWidth,
          image: document.querySelector('img')!.getBoundingClientRect().width,
          scripts: document.scripts.length,
        }));
        assert.ok(layout.scroll <= layout.viewport, `scrollWidth ${layout.scroll} > ${layout.viewport}`);
        assert.ok(layout.image > 100 && layout.image <= Math.min(width, 600), `image ${layout.image} px`);
        assert.equal(layout.scripts, 0);
      } finally {
        await page.close();
      }
    });
  }
});

const noJava = javaMissing();
if (noJava) console.log(`# ${noJava}`);

describe('the editions as HTML', { skip: noJava ?? false }, () => {
  it('the mail and the WeChat fragment (in a page) have zero Nu Html Checker errors', async () => {
    const root = await makeSite(FILES);
    const mail = await runBytes(['newsletter', '--root', root, '--week', '2025-11-24']);
    const wechat = await runCli(['newsletter', '--root', root, '--week', '2025-11-24', '--format', 'wechat']);
    assert.equal(mail.code + wechat.code, 0, mail.stderr + wechat.stderr);
    const email = path.join(root, 'email.html');
    const fragment = path.join(root, 'wechat.html');
    await writeFile(email, String((await simpleParser(mail.stdout)).html));
    await writeFile(fragment, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>微信版</title></head><body>${wechat.stdout}</body></html>`);
    const messages = await vnuMessages([email, fragment], ['--errors-only']);
    assert.deepEqual(messages.map((m) => `${path.basename(m.url)}:${m.lastLine ?? '?'}: ${m.message}`), []);
  });
});

function textOf(node: Root | RootContent): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(textOf).join('') : '';
}

// The Markdown fast paths against remark itself. parsePlainMarkdown must give either null or the
// very tree remark-parse gives (types, values, URLs, positions, even key order), and
// plainMarkdownToHtml either null or remark-html's very string, for every body of the sample
// site, the test fixtures, a generated archive, and thousands of seeded random mutations of them.
// And the fast paths must take the bulk of realistic entries, or they would be worth nothing.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { writeRealShapes } from '../scripts/real-shapes.ts';
import { CJK_BOLD_PHRASES, blockSoup, checkAgainstRemark, cjkEmphasis, mutateMarkdown, tokenSoup } from '../scripts/fuzz-markdown.ts';
import { seededRandom } from '../scripts/seeded-random.ts';
import { splitFrontmatter } from '../src/parse/frontmatter.ts';
import { checkMarkdownText } from '../src/parse/markdown-limits.ts';
import { markdownToHtmlWithRemark, parseWithRemark } from '../src/parse/markdown.ts';
import { MAX_BRACKETS_PER_PARAGRAPH } from '../src/parse/markdown-limits.ts';
import { parseDocument } from '../src/parse/parse-document.ts';
import { parsePlainMarkdown } from '../src/parse/plain-markdown.ts';
import { plainMarkdownToHtml } from '../src/parse/plain-html.ts';
import { runDigest, tempSite } from './support/digest-cli.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));

interface Body {
  name: string;
  body: string;
  lineOffset: number;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function bodiesUnder(dir: string): Body[] {
  return markdownFiles(dir).map((file) => {
    const { body, bodyLineOffset } = splitFrontmatter(readFileSync(file, 'utf8'));
    return { name: path.relative(dir, file), body, lineOffset: bodyLineOffset };
  });
}

interface Outcome {
  parsedFast: boolean;
  htmlFast: boolean;
}

/** Both fast paths on one body, each checked against remark; what they took. */
function compare({ name, body, lineOffset }: Body): Outcome {
  const outcome = checkAgainstRemark(body, lineOffset, name);
  if (checkMarkdownText(body, lineOffset) || !body.includes('](')) return outcome;
  // The link rewriting of rendering (entry-html.ts, feed-html.ts) gives other URLs: try some.
  const reference = parseWithRemark(body, lineOffset);
  for (const prefix of ['/digest/', 'https://example.org/digest/', 'javascript:', '中/', '&amp;']) {
    compareHtml(withUrlPrefix(reference, prefix), `${name} (links prefixed with ${prefix})`);
  }
  return outcome;
}

function compareHtml(tree: Root, name: string): boolean {
  const fast = plainMarkdownToHtml(tree);
  if (fast !== null) assert.equal(fast, markdownToHtmlWithRemark(structuredClone(tree)), name);
  return fast !== null;
}

function withUrlPrefix(tree: Root, prefix: string): Root {
  const copy = structuredClone(tree);
  const walk = (node: { type: string; url?: string; children?: unknown[] }): void => {
    if (node.type === 'link' || node.type === 'image') node.url = prefix + node.url;
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(copy);
  return copy;
}

describe('Markdown fast paths agree with remark', () => {
  let corpusRoot: string;
  let corpus: Body[];
  /** Bodies in other tools' shapes: blockquotes in ~12%, nested lists, images, tables, code. */
  let realShapes: Body[];
  before(async () => {
    corpusRoot = await mkdtemp(path.join(tmpdir(), 'digest-plain-md-'));
    await writeRealShapes(corpusRoot, { issues: 24, perIssue: 15, seed: 14 });
    realShapes = bodiesUnder(path.join(corpusRoot, 'content'));
    await writeCorpus(corpusRoot, { issues: 24, perIssue: 15, seed: 11 });
    corpus = bodiesUnder(path.join(corpusRoot, 'content'));
  });
  after(async () => {
    await rm(corpusRoot, { recursive: true, force: true });
  });

  test('on the sample site and the test fixtures', () => {
    const sample = bodiesUnder(path.join(REPO, 'content'));
    const outcomes = sample.map(compare);
    // The sample is what real entries look like: the fast paths must take nearly all of it.
    assert.ok(outcomes.filter((o) => o.parsedFast).length >= 0.9 * sample.length, 'the parse fast path takes the sample');
    assert.ok(outcomes.filter((o) => o.htmlFast).length >= 0.9 * sample.length, 'the HTML fast path takes the sample');
    for (const dir of ['test/fixtures', 'test/fixtures-invalid']) bodiesUnder(path.join(REPO, dir)).forEach(compare);
  });

  test('on a generated archive', (t) => {
    const entries = corpus.filter((body) => !body.name.endsWith('index.md'));
    assert.ok(entries.length >= 300);
    const outcomes = corpus.map(compare);
    const entryOutcomes = outcomes.filter((_, index) => !corpus[index]!.name.endsWith('index.md'));
    const parsed = entryOutcomes.filter((o) => o.parsedFast).length;
    const rendered = entryOutcomes.filter((o) => o.htmlFast).length;
    t.diagnostic(`fast paths took ${parsed} (parse) and ${rendered} (HTML) of ${entries.length} entries`);
    assert.ok(parsed >= 0.9 * entries.length, `the parse fast path took ${parsed} of ${entries.length} entries`);
    assert.ok(rendered >= 0.9 * entries.length, `the HTML fast path took ${rendered} of ${entries.length} entries`);
  });

  test('on an archive in other tools’ shapes, blockquotes included', (t) => {
    const entries = realShapes.filter((body) => !body.name.endsWith('index.md'));
    const quoted = entries.filter(({ body }) => /^> /m.test(body));
    assert.ok(quoted.length >= 0.08 * entries.length, `${quoted.length} of ${entries.length} entries hold a blockquote`);
    const outcomes = entries.map(compare);
    const quotedOutcomes = quoted.map(compare);
    const parsed = quotedOutcomes.filter((o) => o.parsedFast).length;
    const rendered = quotedOutcomes.filter((o) => o.htmlFast).length;
    t.diagnostic(`fast paths took ${outcomes.filter((o) => o.parsedFast).length} (parse) of ${entries.length} entries, and ${parsed} (parse) and ${rendered} (HTML) of the ${quoted.length} with a blockquote`);
    // Those with a blockquote and nothing else the fast path leaves to remark (nested lists, images, tables, code).
    const plainQuoted = quoted.filter(({ body }) => !/^ +- |!\[|\||`/m.test(body)).length;
    assert.ok(parsed >= 0.9 * plainQuoted && rendered >= 0.9 * plainQuoted, `the fast paths took ${parsed} and ${rendered} of ${plainQuoted} plain bodies with a blockquote`);
  });

  test('on digest pages brought in by digest import (escaped Markdown)', () => {
    const site = tempSite(path.join(REPO, 'test', 'fixtures', 'import', 'site'));
    try {
      // The seed page, a real digest page, is not in the repository: CI has shared/ beside it.
      const seed = path.resolve(REPO, '..', 'shared', 'seeds', '000_7d5252cfcdcde4ba.txt');
      const pages = [path.join(REPO, 'test', 'fixtures', 'import', 'new-year.txt'), ...(existsSync(seed) ? [seed] : [])];
      for (const page of pages) {
        const result = runDigest(['import', '--root', site.root, page]);
        assert.equal(result.status, 0, result.stderr);
      }
      const imported = bodiesUnder(path.join(site.root, 'content'));
      assert.ok(imported.some(({ body }) => body.includes('\\')), 'the imported text holds backslash escapes');
      const parsed = imported.map(compare).filter((outcome) => outcome.parsedFast).length;
      assert.ok(parsed >= 0.9 * imported.length, `the parse fast path took ${parsed} of ${imported.length} imported files`);
    } finally {
      site.cleanup();
    }
  });

  test('on seeded random mutations', (t) => {
    const random = seededRandom(20251124);
    const sample = bodiesUnder(path.join(REPO, 'content'));
    const bases = [...sample, ...corpus.filter((_, index) => index % 8 === 0), ...realShapes.filter(({ body }) => /^> /m.test(body))];
    let total = 0;
    let parsed = 0;
    let rendered = 0;
    for (let round = 0; round < 12; round++) {
      for (const base of bases) {
        const body = mutateMarkdown(base.body, random);
        const lineOffset = random() < 0.2 ? 0 : base.lineOffset;
        const outcome = compare({ name: `${base.name} mutated (round ${round})`, body, lineOffset });
        total++;
        if (outcome.parsedFast) parsed++;
        if (outcome.htmlFast) rendered++;
      }
    }
    t.diagnostic(`fast paths took ${parsed} (parse) and ${rendered} (HTML) of ${total} mutated bodies`);
    // Mutations that keep a body plain must reach the fast paths, or this test would test nothing.
    assert.ok(parsed >= 0.25 * total, `the parse fast path took ${parsed} of ${total} mutated bodies`);
    assert.ok(rendered >= 0.25 * total, `the HTML fast path took ${rendered} of ${total} mutated bodies`);
  });

  test('on random token soups', (t) => {
    const random = seededRandom(6);
    let parsed = 0;
    for (let index = 0; index < 3000; index++) {
      if (compare({ name: `soup ${index}`, body: tokenSoup(random), lineOffset: index % 3 }).parsedFast) parsed++;
    }
    t.diagnostic(`the parse fast path took ${parsed} of 3000 soups`);
    assert.ok(parsed >= 300, `the parse fast path took ${parsed} of 3000 soups`);
  });

  test('on random bodies of blocks: lists, fences, headings, captions, rules', (t) => {
    const random = seededRandom(17);
    let parsed = 0;
    for (let index = 0; index < 3000; index++) {
      if (compare({ name: `blocks ${index}`, body: blockSoup(random), lineOffset: index % 3 }).parsedFast) parsed++;
    }
    t.diagnostic(`the parse fast path took ${parsed} of 3000 bodies of blocks`);
    assert.ok(parsed >= 500, `the parse fast path took ${parsed} of 3000 bodies of blocks`);
  });

  test('bold next to CJK punctuation is bold, on both paths (remark-cjk-friendly)', (t) => {
    for (const phrase of CJK_BOLD_PHRASES) {
      for (const body of [phrase, `段落${phrase}。`, `- ${phrase}`, `### ${phrase}`, `${phrase}\n${phrase}`]) {
        assert.ok(compare({ name: body, body, lineOffset: 2 }).parsedFast, `the fast path takes ${body}`);
        assert.match(markdownToHtmlWithRemark(parseWithRemark(body, 2)), /<strong>/, `${body} is bold`);
        assert.doesNotMatch(markdownToHtmlWithRemark(parseWithRemark(body, 2)), /\*/, `${body} shows no asterisks`);
      }
    }
    const random = seededRandom(16);
    let parsed = 0;
    for (let index = 0; index < 3000; index++) {
      if (compare({ name: `CJK emphasis ${index}`, body: cjkEmphasis(random), lineOffset: index % 3 }).parsedFast) parsed++;
    }
    t.diagnostic(`the parse fast path took ${parsed} of 3000 CJK emphasis lines`);
    assert.ok(parsed >= 300, `the parse fast path took ${parsed} of 3000 CJK emphasis lines`);
  });

  test('on hand-made edge cases', () => {
    const cases = [
      '', '\n', 'a', 'a\n', 'a\nb', 'a\n\nb\n\n\n', '**a**', '**a** b', 'a**b**c', '会议指出**，民政部**印发', '“**引号**”', '（**括号**）', '**a **b** c**', '**a\nb**',
      '**[链接](https://a.b)**', '见[公告](https://a.b/x_y?z=1&w=2)。', '[a](b)(c)', '[ a ](b)', '- a\n- b', '- a\n\n- b', '- a\n\n\n- b\n\nc', '1. a\n2. b', '3. a\n4. b', '段落\n1. a', '段落\n2. a',
      '段落\n- a', '- a\n1. b', '- a\n\n1. b', '### 标题\n段落', '###### 六', '####### 七', '# a #', '#a', '- a\n段落', '- a\n\n段落', '- a\n### h', '😀**a**', '**😀**', '\u3000**a**', 'a\u3000**b**',
      '**©**', '**＋**', '**é**', 'a**\u0301**', 'x\n\n2025. 年', '2025年\n2025.11', '- **a**', '1. **a**', '- [a](b)', '**a**\n**b**',
      '> a', '> a\n> b', '> a\n>\n> b', '>\n> a', '> a\n>', '> - x\n> - y', '> a\n>\n> - x\n> - y', '> - x\n>', '> - x\n>\n>\n> p', '> - x\n>\n> - y', '> - x\n>\n> p',
      '> ### h\n> p', 'p\n\n> a\n\np', '# h\n> a', '> a **b**\n> c', '> 1. a\n> 2. b\n>', '> a\n\n> b', '> [链接](https://a.b)', '> - x\n\n- y', '- x\n\n> q', '> a\nb', '> > a', '>a',
      '>  a', '> a\n>\n\n', '> 据**《中国社会报》**报道', '> **a\n> b**', '> a**\n> **b', '> **【聚焦】**民政\n> [文](https://a.b/s)', '> a\n- b', 'p\n> a', '- a\n> b', '>', '> ', '> a\n> ',
      'a ![图 片](https://a.b/c.jpg) b', '![x](javascript:a)', '![x](/a.png)', '`a<b&c` d', '`**a**`', '![](a.png)', '**`a`**', '`a`**b**', '\\![a](b)', '\\\\![a](b)', '![a](b)![c](d)', '`a` `b`',
      '``a``', '` a`', '`a\nb`', '[`a`](b)', '`[a](b)`', '**a`**`', '> `a`\n> ![b](c)', '- `a`', '### `a`', '`a', 'a`', '![a"b](c)', '![a&b](c)', '`\\*`', '段落\n```\ncode\n```', '!a', '![a]', '![a](b', '`a`\n`b`',
      '- a\n  - b\n  - c\n- d\n\np', '- a\n  - b', '1. a\n   - b\n2. c', '10. a\n    - b', '- a\n  - b\n\n- c', '- a\n  - b\n\np', '- a\n  - b\n### h', '- a\n  - b\nc', '- a\n - b', '- a\n    - b',
      '- a\n  - b\n    - c', '- a\n  1. b', '> - a\n>   - b', '> - a\n>   - b\n>\n> p', '- a\n\n  - b', '- **a**\n  - [b](c)', '- a\n  -b', '- a\n  - ', '- a\n  - b\n  c', 'p\n  - b', '# h\n  - b',
      '- a\n  - b\n- c\n  - d', '| 地区 | 数量 |\n| --- | --- |\n| 湖南 | 3 |', '段落\n| a |', '|', '| --- |', '- | a |', '> | a |\n> | --- |',
      '据*中国*报道', '*a*', '***a***', '*a **b** c*', '**a*b*', '*a**b*', 'a*b**c*d', '*a\nb*', '**a*', '*a**', '*****a*', '****a***b**', '> *a*', '- *a* b', '### *h*', '*[a](b)*',
      '*`a`*', '![a](https://a.b/c.jpg)\n*图：新华社供图*', '*** a', '** *', '* *', '***', '*', '*a', '**', '*（一）*', '“*引号*”', '*a*b*c*', '*a* *b*', 'a * b * c', '*a*\n*b*', '> *a\n> b*',
      '#社工#活动', '##a', '#######a', '####### a', '#', '# ', '- #a#', '> #a#\n>\n> b', 'p\n#a', '- a\n#b', '#a\n===', '#a\n---', '### #a#', '#a #', '#\\*', '#a\n# b',
      '* a\n* b', '* a\n  * b\n* c', '- a\n* b', '- a\n\n* b', '* a\n\n* b', '1. a\n   * b\n2. c', '* a\n  - b', '* a\n  * b\n  - c', '> * a\n> * b', '> p\n>\n> * a\n> * b', '* * *', '* *a*',
      'p\n* a', '* a\n- b', '* a\n  * b\n\n* c', '*\ta', '* **a**\n  * [b](c)', '*', '* ', '*a\n* b',
      '* a\n  * b\n\n* c', '1. a\n   - b\n\n2. c\n   - d', '- a\n  - b\n\n- c\n  - d\n\n\n- e', '> - a\n>   - b\n>\n> - c', '- a\n  - b\n\n  - c', '- a\n\n  - b', '- a\n\n- b\n  - c\n\np',
      '```text\na<&b\n```', '```\n```', '```\n\n```', 'p\n```\n  x  \n   ```', '```js\n`\n````', '~~~\na\n~~~', '```\na\n~~~', '> ```\n> a\n>\n> b\n> ```', '- a\n```\nb\n```', '# h\n```\nb\n```\np',
      '```\nb\n```\n> q', '```a b\nx\n```', '```\n[[[\n```', '``` \nx\n```', '```\nx', '````\n```\n````', '```\n    ```', '```\n```x', '```c++\n*a*\n```', '```a`b\nx\n```', '~~~a`b\nx\n~~~', '```\n' + '['.repeat(40) + '\n```',
      '_a_', '据_中国_报道', '__init__', 'a_b_c', '_a *b_ c*', '*a _b* c_', '___', '_ a', '__a_', '_a__b_', '**_a_**', '_**a**_', 'www.a.b/a_b_c', '_“引号”_', '（_a_）', '- _a_', '> _a_\n> b', '_a\nb_', '> - a\n>\n> 1. b', '> - a\n>\n> * b', '> 1. a\n>\n> - b', '_**!****”*_',
      '- a\n  - b\n    - c\n  - d\n- e', '1. a\n   1. b\n   2. c\n2. d', '- a\n  1. b\n  2. c', '- a\n  2. b', '- a\n  - b\n    * c\n\n- d', '- a\n  - b\n    - c\n\np', '* a\n  * b\n    * c\n      * d\n        * e',
      '- a\n  - b\n  * c', '- a\n  - b\n    1. c\n    2. d\n- e\n  - f', '> - a\n>   - b\n>     - c', '> - a\n>   - b\n>     - c\n>\n> p', '10. a\n    - b\n      - c', '- a\n  - b\n   - c', '- a\n  - b\n     - c',
      '+ a\n+ b', '+ a\n  + b', '- a\n  + b\n  + c', '+a', 'p\n+ a', '+ a\n\n- b', '+ a\n- b',
      '---', 'a\n\n***\n\nb', '# h\n---', '- a\n---', '- a\n\n---', '> ---', '* * *', '- - -', '___', 'p\n***', 'p\n---', 'p\n___', '> - a\n>\n> ---', '> p\n> ***', '--', '___a', '- a\n  ---', '***\n- a', '---\n---',
      Array.from({ length: 12 }, (_, level) => `${'  '.repeat(level)}- ${level}`).join('\n'),
    ];
    let parsed = 0;
    for (const [index, body] of cases.entries()) {
      for (const lineOffset of [0, 3]) if (compare({ name: `case ${index}`, body, lineOffset }).parsedFast) parsed++;
    }
    assert.ok(parsed >= cases.length, 'most edge cases are plain');
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:x', 'Javascript:x', 'data:text/html,x', 'vbscript:x', 'mailto:a@b.c', 'http://a.b', 'https://a.b/c?d=e&f=g#h', 'ftp://a.b', '/a:b', '?a:b', '#a:b', 'a:b', '', '%', '%zz', '%41', '%%41', 'a"b', "a'b", 'a<b', 'a>b', 'a`b', 'a b', 'a\tb', '中文', '\ud800', 'a(b)']) {
      for (const text of ['t', 'a & b', 'a < b', 'a > b', '"q"', "'q'", 'a \nb', 'a\n b', 'a\tb', 'a\rb', 'a\u0000b']) {
        const tree: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }, { type: 'link', url, title: null, children: [{ type: 'text', value: text }] }] }] };
        compareHtml(tree, `${JSON.stringify(url)} ${JSON.stringify(text)}`);
      }
    }
  });

  test('parseDocument gives remark-parse’s tree and nesting problems whichever path it takes', () => {
    const document = (body: string): Uint8Array => Buffer.from(`---\ntitle: 标题\n---\n${body}`);
    for (const body of ['段落**强调**\n\n- a\n- b\n', '> quote\n\n```\ncode\n```\n']) {
      const parsed = parseDocument(document(body));
      assert.deepStrictEqual(parsed.problems, []);
      assert.deepStrictEqual(parsed.tree, parseWithRemark(body, 3));
    }
    // Strong nested 70 deep is plain, and too deep all the same.
    const deep = '**a '.repeat(70) + 'x' + ' b**'.repeat(70);
    assert.ok(parsePlainMarkdown(deep, 3) !== null);
    assert.deepStrictEqual(parseDocument(document(deep)).problems.map((problem) => problem.ruleId), ['markdown-too-deep']);
    // A thousand levels and more the fast path declines rather than recurse that deep.
    assert.equal(parsePlainMarkdown(`${'*'.repeat(30000)}a${'*'.repeat(30000)}`, 3), null);
    // More links in one paragraph than the nesting check allows brackets: not plain, and refused.
    const links = '[链接](https://example.org/a)'.repeat(MAX_BRACKETS_PER_PARAGRAPH + 1);
    assert.equal(parsePlainMarkdown(links, 3), null);
    assert.ok(parsePlainMarkdown('[链接](https://example.org/a)'.repeat(MAX_BRACKETS_PER_PARAGRAPH), 3) !== null);
    assert.deepStrictEqual(parseDocument(document(links)).problems.map((problem) => problem.ruleId), ['markdown-too-deep']);
  });
});

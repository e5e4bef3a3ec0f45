// Differential fuzzing of the Markdown fast paths (src/parse/plain-markdown.ts, plain-html.ts)
// against remark (with remark-cjk-friendly, as markdown.ts uses it): seeded random mutations of
// real bodies, random token soups, lines of CJK text with emphasis markers and bodies of random
// blocks (lists, fences, headings, captions, rules). Whenever a fast path answers, its answer must be
// remark's, to the position and the byte. Seeded, so a failure reproduces.
// test/plain-markdown.test.ts runs a few thousand of these cases; this script runs as many as
// asked, and with ROOT (an archive, such as gen-corpus.ts writes) mutates its bodies too.
//
//   node --import tsx scripts/fuzz-markdown.ts [seed=1] [cases=20000] [ROOT]
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitFrontmatter } from '../src/parse/frontmatter.ts';
import { checkMarkdownText } from '../src/parse/markdown-limits.ts';
import { markdownToHtmlWithRemark, parseWithRemark } from '../src/parse/markdown.ts';
import { plainMarkdownToHtml } from '../src/parse/plain-html.ts';
import { parsePlainMarkdown } from '../src/parse/plain-markdown.ts';
import { realShapesFiles } from './real-shapes.ts';
import { seededRandom } from './seeded-random.ts';

type Random = () => number;

// What mutations insert: every ASCII punctuation character and white space, block markers,
// inline syntax, CJK punctuation, rare spaces, symbols, surrogates.
export const SPLICES = [
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\r\n0123456789aZ',
  '\n\n', '\n\n\n', '**', '***', '****', ' **', '** ', '*a*', '__', '- ', '-', '---', '* ', '+ ', '1. ', '2. ', '1) ', '10. ', '1234567890. ', '1.5', '1)x', '007. ', '# ', '### ', '####### ', ' #', '> ', '    ', '  \n', '\\\n',
  '===', '~~~', '```', '[', ']', '](', '![', '[a](b)', '[链接](https://example.org/a_b?x=1&y=2)', '[x](javascript:alert(1))', '[y](<a b>)', '[z](a "t")', '[r]', '[r]: /u', '[^1]',
  '[文章](https://mp.weixin.qq.com/s?__biz=MzA5&mid=26&idx=1&sn=ab#rd)', '[a](b&amp;c)', '[a](b&c;d)', '[a](b&#42;)', '[a](%E4%B8%AD)', '[a](mailto:x@y.z)',
  '&amp;', '&#42;', '&copy;', '&x', 'R&D', '&#;', '\\*', '\\**', '\\[', '\\]', '\\_', '\\\\', '\\&', '\\#', '1\\.', '\\a', '\\', 'a_b', '__init__', '_a_', '<注>', '< ', '<a', '</', '<1@a.b>', '<b>', '<!-- c -->', '<https://a.b>', 'https://a.b/c', 'www.a.b', '`c`',
  '，', '。', '、', '：', '；', '！', '？', '（', '）', '《', '》', '“', '”', '【', '】', '…', '—', '～', '·',
  '\n  - ', '\n   - ', '  - ', '\n  1. ', '| a |', '\n| --- |', '![图片](https://a.b/c.jpg)', '![x](javascript:y)', '![a](b "t")', '`代码`', '` a `', '``a``', '`a', '\\`', '\\!', '**《', '》**', '**“', '”**', '**（', '）**', '：**', '**，', '%**', '**【', '】**', '\ufe01', '‘\ufe01',
  '\u3000', '\u00a0', '\u2028', '\ufeff', '\u200b', '\u0000', '\u000b', '\u000c', '\u0301', '©', '＋', '＄', '€', '😀', '\ud800', 'é',
];

/** Realistic digest phrasings with bold next to CJK punctuation (issue 16), which remark-cjk-friendly makes bold. */
export const CJK_BOLD_PHRASES = ['据**《中国社会报》**报道', '**“十四五”**规划', '**（一）**指导思想', '**注：**本文', '**100%**覆盖', '会议指出**，民政部**印发', '**【聚焦】**民政', '《**民法典**》', '“**五社联动**”机制'];

/** What goes around `*` and `**` in cjkEmphasis: CJK letters and punctuation of every kind, ASCII, spaces, marks, symbols, variation selectors, emoji. */
const EMPHASIS_NEIGHBOURS = [
  '据', '报', '道', '民政', '가', 'あ', 'ア', 'ｱ', '《', '》', '“', '”', '‘', '’', '（', '）', '【', '】', '「', '」', '，', '。', '、', '：', '；', '！', '？', '…', '—', '～', '·', '％', '＋', '＄',
  'a', 'Z', '1', '%', '.', ',', ':', '(', ')', '"', "'", '-', '!', '?', '$', '+', '<', ' ', '\u3000', '\u00a0', '\n', '©', '€', '\u0301', '\ufe01', '“\ufe01', '\ufe0f', '😀', '𠀀', 'é', '_', '[链接](https://a.b/c)',
];
const EMPHASIS_MARKERS = ['**', '**', '**', '*', '*', '*', '***', '****', '_', '__'];

/** A line of CJK text with emphasis markers between random neighbours (issue 16's shapes, and random mixes). */
export function cjkEmphasis(random: Random): string {
  const parts: string[] = [];
  if (random() < 0.3) parts.push(pick(random, CJK_BOLD_PHRASES));
  for (let count = 1 + Math.floor(random() * 12); count > 0; count--) {
    parts.push(pick(random, EMPHASIS_NEIGHBOURS));
    if (random() < 0.4) parts.push(pick(random, EMPHASIS_MARKERS));
    if (random() < 0.1) parts.push(pick(random, CJK_BOLD_PHRASES));
  }
  return parts.join('');
}

const WORDS = [...CJK_BOLD_PHRASES, '*强调*', '*', '\n*图：新华社供图*', '*“引号”*', '**a*', '*a**', '_强调_', '__重点__', '_a*b_c*', '\n* ', '\n  * ', '\n   * ', '#社工宣传周#', '\n#话题#', '##', '![图](https://a.b/c.jpg)', '![](a.png)', '`12345`', '`a b`', '\n> ', '> ', '\n>\n> ', '\n> - ', '\n>\n', '>', '\\*', '_', 'R&D', '<注>', ']', '社工', '民政部', 'ab', 'X', '12', '2025', ' ', '\n', '\n\n', '**', '- ', '1. ', '### ', '[链接](https://a.b/c)', '[往期](../a-b.md)', '[文](https://a.b/s?x_y=1&z=2)', '。', '，', '“', '”', '（', '）'];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** One to four random edits (insert, delete, replace), half of them at the start of a line. */
export function mutateMarkdown(body: string, random: Random): string {
  let text = body;
  for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
    let at = Math.floor(random() * (text.length + 1));
    if (random() < 0.5) at = text.lastIndexOf('\n', at - 1) + 1;
    const operation = random();
    if (operation < 0.6) text = text.slice(0, at) + pick(random, SPLICES) + text.slice(at);
    else if (operation < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 12));
    else text = text.slice(0, at) + pick(random, SPLICES) + text.slice(at + 1);
  }
  return text;
}

/** A short random document of words, markers and splices: dense in syntax. */
export function tokenSoup(random: Random): string {
  const parts: string[] = [];
  for (let count = 1 + Math.floor(random() * 30); count > 0; count--) parts.push(random() < 0.7 ? pick(random, WORDS) : pick(random, SPLICES));
  return parts.join('');
}

const INLINE_BITS = ['民政部', '社工', 'ab', ' ', '，', '。', '“', '”', '（', '）', '*', '**', '*强调*', '**重点**', '_强调_', '`代码`', '[链接](https://a.b/c)', '![图](https://a.b/c.jpg)', '#话题#'];
/** Rarer: what the fast path mostly declines. */
const HOSTILE_INLINE_BITS = ['_', '__', '\\*', '&', '<', '1.', '`', '\\'];
const CODE_BITS = ['x', 'a < b && c', '  indented', 'trailing  ', '`', '``', '```', '````', '~~~', '   ```', '    ```', '``` x', '[', '[[[', '> q', '- item', '**', '*a*', '&amp;', '\\', '', '\u3000', '中文'];

/** Phrasing of random bits (no line breaks). */
function inlineSoup(random: Random): string {
  return Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(random, random() < 0.05 ? HOSTILE_INLINE_BITS : INLINE_BITS)).join('').trim() || '社工';
}

/** One random block in the shapes real content has: lists (nested, loose), fences, headings, images with captions, rules. */
function randomBlock(random: Random): string {
  const roll = random();
  if (roll < 0.3) {
    // Items at random levels: each indented to the text of an item above it (mostly), with a
    // marker of its level's kind (mostly), now and then a blank line.
    const lines: string[] = [];
    const columns: number[] = [0];
    const markers = ['-', '*', '1.', '+'].sort(() => random() - 0.5);
    for (let count = 1 + Math.floor(random() * 8); count > 0; count--) {
      const level = Math.floor(random() * columns.length);
      columns.length = level + 1;
      const indent = random() < 0.9 ? columns[level]! : Math.max(0, columns[level]! + pick(random, [-2, -1, 1, 2, 4]));
      const marker = random() < 0.9 ? markers[level % markers.length]! : pick(random, ['-', '*', '+', '1.', '2.', '1)']);
      const prefix = `${' '.repeat(indent)}${marker} `;
      lines.push(prefix + inlineSoup(random));
      if (columns.length < 5) columns.push(prefix.length);
      if (random() < 0.15) lines.push('');
    }
    return lines.join('\n');
  }
  if (roll < 0.5) {
    const fence = pick(random, ['```', '```', '````', '~~~']);
    const info = pick(random, ['', '', 'text', 'js', 'c++', 'a b', 'a`b', ' ']);
    const content = Array.from({ length: Math.floor(random() * 4) }, () => pick(random, CODE_BITS));
    return [fence + info, ...content, ...(random() < 0.9 ? [pick(random, [fence, fence, `${fence}\``, ` ${fence}`, `${fence} `, '```'])] : [])].join('\n');
  }
  if (roll < 0.6) return `${pick(random, ['#', '##', '###', '#######', '#话题#', '#'])} ${inlineSoup(random)}`;
  if (roll < 0.7) return `![图](https://a.b/c.jpg)\n*图：${inlineSoup(random)}*`;
  if (roll < 0.77) return pick(random, ['---', '***', '___', '* * *', '- - -', '--', '-----', ' ---', '***a', '_ _ _', '**', '=====']);
  return inlineSoup(random) + (random() < 0.3 ? `\n${inlineSoup(random)}` : '');
}

/** A body of random blocks, some of them quoted, joined by one or two line breaks. */
export function blockSoup(random: Random): string {
  const blocks: string[] = [];
  for (let count = 1 + Math.floor(random() * 5); count > 0; count--) {
    const block = randomBlock(random);
    blocks.push(random() < 0.15 ? block.split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n') : block);
  }
  return blocks.map((block, index) => (index === 0 ? block : (random() < 0.8 ? '\n\n' : '\n') + block)).join('');
}

/**
 * Both fast paths on one body against remark; throws on any difference. Returns which fast
 * paths answered.
 */
export function checkAgainstRemark(body: string, lineOffset: number, name: string): { parsedFast: boolean; htmlFast: boolean } {
  const fast = parsePlainMarkdown(body, lineOffset);
  // parse-document.ts skips this check for the bodies the fast path takes, and never hands
  // remark a body the check refuses.
  const problem = checkMarkdownText(body, lineOffset);
  if (fast !== null) assert.equal(problem, null, `${name}: the fast path took a body the nesting check refuses`);
  if (problem) return { parsedFast: false, htmlFast: false };
  const reference = parseWithRemark(body, lineOffset);
  if (fast !== null) {
    assert.deepStrictEqual(fast, reference, `${name}: ${JSON.stringify(body.slice(0, 400))}`);
    assert.equal(JSON.stringify(fast), JSON.stringify(reference), `${name}: key order`);
  }
  const html = plainMarkdownToHtml(reference);
  if (html !== null) assert.equal(html, markdownToHtmlWithRemark(structuredClone(reference)), `${name}: HTML of ${JSON.stringify(body.slice(0, 400))}`);
  return { parsedFast: fast !== null, htmlFast: html !== null };
}

function main(): void {
  const seed = Number(process.argv[2] ?? 1);
  const cases = Number(process.argv[3] ?? 20000);
  const random = seededRandom(seed);
  const content = [fileURLToPath(new URL('../content/', import.meta.url)), ...(process.argv[4] === undefined ? [] : [path.join(process.argv[4], 'content')])];
  const bases = content
    .flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => splitFrontmatter(readFileSync(path.join(entry.parentPath, entry.name), 'utf8').replace(/\r\n?/g, '\n')))
    // Single blocks as well as whole bodies: short inputs make for many more cases a second.
    // Bodies in other tools' shapes (blockquotes, nested lists, images, tables), those with a blockquote twice.
    .concat([...realShapesFiles({ issues: 4, perIssue: 15, seed: seed })].filter((file) => file.path.endsWith('.md')).flatMap(({ text }) => {
      const split = splitFrontmatter(text);
      return split.body.includes('\n> ') ? [split, split] : [split];
    }))
    .flatMap(({ body, bodyLineOffset }) => [{ body, lineOffset: bodyLineOffset }, ...body.split('\n\n').map((block) => ({ body: block, lineOffset: 0 }))]);
  let parsed = 0;
  let rendered = 0;
  for (let index = 0; index < cases; index++) {
    // Mutations, soups, CJK emphasis lines and soups of blocks in turn.
    const soup = index % 4 !== 0;
    const base = pick(random, bases);
    const body = index % 4 === 3 ? blockSoup(random) : index % 4 === 2 ? cjkEmphasis(random) : soup ? tokenSoup(random) : mutateMarkdown(base.body, random);
    const outcome = checkAgainstRemark(body, soup ? Math.floor(random() * 3) : base.lineOffset, `seed ${seed} case ${index}`);
    if (outcome.parsedFast) parsed++;
    if (outcome.htmlFast) rendered++;
  }
  process.stdout.write(`${cases} cases agree with remark; the fast paths took ${parsed} (parse) and ${rendered} (HTML)\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();

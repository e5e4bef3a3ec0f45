// The simple-frontmatter reader must give exactly what the general reader (gray-matter + yaml)
// gives, or decline. Compared on the sample site, the test fixtures, a generated archive and
// thousands of seeded random mutations of their frontmatter.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { writeRealShapes } from '../scripts/real-shapes.ts';
import { seededRandom } from '../scripts/seeded-random.ts';
import { decodeText } from '../src/parse/decode-text.ts';
import { splitFrontmatter } from '../src/parse/frontmatter.ts';
import { readSimpleFrontmatter } from '../src/parse/simple-frontmatter.ts';

const repo = path.resolve(import.meta.dirname, '..');

function markdownTexts(dir: string): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  for (const relative of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!relative.endsWith('.md')) continue;
    const decoded = decodeText(readFileSync(path.join(dir, relative)));
    if (decoded.ok) texts.push({ path: path.join(dir, relative), text: decoded.text });
  }
  return texts;
}

/** Compares both readers on `text`; true when the simple one accepted it. */
function agrees(text: string, label: string): boolean {
  const simple = readSimpleFrontmatter(text);
  if (simple === null) return false;
  assert.deepStrictEqual(simple, splitFrontmatter(text), `${label}\n${JSON.stringify(text.slice(0, 600))}`);
  return true;
}

test('the sample site and the test fixtures read the same either way', () => {
  const texts = [...markdownTexts(path.join(repo, 'content')), ...markdownTexts(path.join(repo, 'test'))];
  assert.ok(texts.length > 60);
  const accepted = texts.filter(({ path: filePath, text }) => agrees(text, filePath)).length;
  // The sample site's entries are all simple; fixtures of broken files are not.
  const sample = markdownTexts(path.join(repo, 'content'));
  assert.equal(sample.filter(({ text }) => readSimpleFrontmatter(text) !== null).length, sample.length);
  assert.ok(accepted >= sample.length);
});

test('a generated archive reads the same either way, nearly all of it by the simple reader', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-frontmatter-'));
  try {
    await writeCorpus(root, { issues: 40, perIssue: 15, seed: 11 });
    const texts = markdownTexts(path.join(root, 'content'));
    assert.equal(texts.length, 40 * 16);
    const accepted = texts.filter(({ path: filePath, text }) => agrees(text, filePath)).length;
    assert.ok(accepted >= texts.length * 0.95, `the simple reader took only ${accepted} of ${texts.length} files`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('an archive of other tools’ shapes (quoted block lists, comments) reads the same either way, nearly all of it by the simple reader', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-frontmatter-'));
  try {
    await writeRealShapes(root, { issues: 40, perIssue: 15, seed: 14 });
    const texts = markdownTexts(path.join(root, 'content'));
    assert.ok(texts.some(({ text }) => text.includes('\n  - "')) && texts.some(({ text }) => text.includes('\n# ')));
    const accepted = texts.filter(({ path: filePath, text }) => agrees(text, filePath)).length;
    t.diagnostic(`the simple reader took ${accepted} of ${texts.length} files`);
    assert.ok(accepted >= texts.length * 0.95, `the simple reader took only ${accepted} of ${texts.length} files`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

/** Characters and snippets that mean something to YAML, or look as if they might. */
const SNIPPETS = [
  '"', "'", ' "', '" ', ' # ', ' #c', '#', '\n# c\n', '\n  - "q"', "\n- 'q'",
  ':', ': ', ' :', '#', ' #', '# ', '-', '- ', '--', '---', '...', '[', ']', '{', '}', ',', ', ', "'", '"', '&a', '*a', '!', '!!str ', '|', '>', '%',
  '@', '`', '?', '? ', '~', '.', '\t', ' ', '  ', '\n', '\n\n', '\n ', '\n  ', '\n- ', '\n  - ', '\r', '\u3000', '\u00a0', '\ufeff', '\u2028', '\u0085',
  '\u0007', '\ud83d', '\ude00', '😀', '0', '1', '12', '007', '0x1F', '0o17', '1e3', '.5', '+', 'true', 'False', 'null', 'NULL', '.inf', '.NaN', '中文', '：', '，', '【', '】', '\\', '=',
];
/** Whole lines a frontmatter might hold. */
const LINES = [
  '', ' ', 'key:', 'key: ', 'key:value', 'key : value', ' key: value', 'key: value', 'title: 重复', 'tags: [a, b]', 'tags: []', 'tags: [ ]', 'tags: [a,]', 'tags: [a, [b]]',
  'tags: [a, b', 'tags: {a: b}', 'list:', '- a', '  - b', '-  c', '-', '- ', '- - d', '- k: v', '    - e', 'n: 12', 'n: -3', 'n: 12345678901234567890', 'n: 0123', 'n: 1.5',
  'n: 0x10', 'd: 2019-01-15', 'd: 2019-01-15T10:00:00Z', 't: ~', 't: null', 't: true', 't: yes', 'q: "quoted"', "q: 'single'", 'q: "unclosed', "q: 'it''s'", "q: ''", 'q: ""', "q: 'a' b", 'q: "a\\"b"', 'q: "a\\nb"',
  "q: 'a'''", "q: '''", 'q: "  spaced  "', "q: 'x' # c", 'q: "a: b # c"', "q: '\"'", 'q: "\'"', "q: 'a", "q: a'", 'q: "a" ', 'a: &anchor x', 'b: *anchor',
  'c: !tag x', 'c: !!int 3', 'l: |', 'l: >-', '  folded line', 'x: a # comment', '# comment', 'x: a#b', 'u: https://example.org/a?b=c#d', 'True: x', 'null: x', '1: one',
  'constructor: x', '__proto__: x', 'toString: x', '<<: {a: 1}', '? complex', ': value', '...', '---x', '--- ', 'k: v: w', 'k: a, b', 'k: 标题：副标题', '%YAML 1.2', '\tk: v', 'k:\tv',
  'citation: 社会工作研究, 2019(3)', '  - "社工中国网"', "  - '民政部'", '- "a" # c', "- 'it''s'", '- "a', '- "a" b', '- "a"b', '- "a\\"', '  # indented comment', '#', '#x', '# a: b', 'k: v # c', 'k: v #c', 'k: v#c',
  'k: "v" # c', "k: 'v'#c", 'k: "v"  # c', 'k: # c', 'k: [a, b] # c', 'k: [a] b', 'k: ["a", \'b\']', 'k: ["a, b", c]', 'k: ["a"b]', 'k: ["a" , "b" ]', 'k: [ "a"]', 'k: ["a]", b]', 'k: ["a #b"]', 'k: ["", \'\']', 'k: ["a": b]', 'k: [a, "b" # c]', 'k: [a] # c ]', 'k: a [b] {c}', 'k: @x', 'k: `x`', 'k: -x', 'k: ?x', 'k: :x', 'k: x:', 'k: x :', 'very-long-key-name_with_underscores: 1',
];

function mutate(front: string[], random: () => number): string[] {
  const lines = [...front];
  const at = () => 1 + Math.floor(random() * Math.max(1, lines.length - 2));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const edits = 1 + Math.floor(random() * 3);
  for (let edit = 0; edit < edits; edit++) {
    const roll = random();
    if (roll < 0.45) {
      // A snippet inside a line of the frontmatter (never the opening ---), often where a value
      // starts or ends.
      const index = at();
      const line = lines[index] ?? '';
      const where = random();
      const valueStart = line.indexOf(': ') + 2;
      const column = where < 0.2 ? line.length : where < 0.35 && valueStart > 1 ? valueStart : Math.floor(random() * (line.length + 1));
      lines[index] = line.slice(0, column) + pick(SNIPPETS) + line.slice(column);
    } else if (roll < 0.75) {
      lines.splice(at(), random() < 0.5 ? 1 : 0, pick(LINES));
    } else if (roll < 0.82) {
      lines.splice(at(), 1);
    } else if (roll < 0.88) {
      const index = at();
      lines.splice(index, 0, lines[index] ?? '');
    } else if (roll < 0.92) {
      // The closing --- changed or gone.
      const close = lines.lastIndexOf('---');
      if (close > 0) lines[close] = pick(['', '----', '--- ', '---x', '-- -', 'end']);
    } else if (roll < 0.96) {
      lines.unshift(pick(['', ' ', '\n']));
    } else {
      const a = at();
      const b = at();
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
    }
  }
  return lines;
}

test('hand-picked frontmatters read the same either way', () => {
  const fronts = [
    'tags:\n- a\n  - b',
    'tags:\n  - a\n- b',
    'tags:\n  - a\n  - b\nnext: x',
    'tags:\n- a\n\n- b',
    'tags:\n\n- a',
    'tags:\n- a\n  b',
    'title: 标题\u3000',
    'title: \u3000标题',
    'title: a\u00a0',
    'tags: [a\u3000, \u00a0b]',
    'tags:\n- a\u3000\n- \u00a0b',
    'title: a   \nsection: b  ',
    'title:    spaced    out   ',
    'empty:\nnext: 1',
    'n: 0123\nm: 9007199254740993',
    'draft: true\nb: False\nc: TRUE\nd: tRue\ne: yes\nf: [true, 1, x]',
    'tags:\n- false\n- 007\n- 0x1F',
    "title: 'it''s: fine # really'",
    'title: "a: b"',
    'title: x\n\n\nsection: y\n',
    'source:\n  - "社工中国网"\n  - \'民政部\'\ntags:\n  - "养老"',
    '# 导出\ntitle: a # c\nsource: ["社工中国网", \'b\', c] # x\ntags:\n  # c\n  - "a" # c\n  - b # c',
    '# only a comment',
    'title: x\n# c\n\n# d\nsection: y',
    'tags:\n# c\n- a',
    'tags:\n\n# c\n- a',
    'tags:\n  - a\n# c\n  - b',
    'tags:\n  - "007"\n  - \'true\'\n  - "a: b"\n  - "#x"',
    'title: "a" # "b"',
    'tags: ["a", "b"] # ["c"]',
    '\n\ntitle: x',
  ];
  let accepted = 0;
  for (const front of fronts) if (agrees(`---\n${front}\n---\nbody\n`, front)) accepted++;
  assert.ok(accepted >= 10, `only ${accepted} accepted`);
});

test('thousands of mutated frontmatters read the same either way', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-frontmatter-'));
  try {
    await writeCorpus(root, { issues: 12, perIssue: 15, seed: 5 });
    const sources = [...markdownTexts(path.join(root, 'content')), ...markdownTexts(path.join(repo, 'content'))].map(({ text }) => text);
    await writeRealShapes(root, { issues: 6, perIssue: 15, seed: 5 });
    sources.push(...markdownTexts(path.join(root, 'content')).map(({ text }) => text));
    const random = seededRandom(20251104);
    let accepted = 0;
    let declined = 0;
    for (let round = 0; round < 12000; round++) {
      const source = sources[Math.floor(random() * sources.length)]!;
      const close = source.indexOf('\n---\n', 3);
      const front = source.slice(0, close + 4).split('\n');
      const body = source.slice(close + 5, close + 5 + Math.floor(random() * 200));
      const text = `${mutate(front, random).join('\n')}\n${body}`;
      if (agrees(text, `mutation ${round}`)) accepted++;
      else declined++;
    }
    t.diagnostic(`simple reader: ${accepted} accepted, ${declined} declined`);
    // Both readers were really exercised: many mutations stay simple, many do not.
    assert.ok(accepted > 2000, `only ${accepted} mutations were read by the simple reader`);
    assert.ok(declined > 2000, `only ${declined} mutations were declined`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

// Joining the texts of blocks for reading: no space between Chinese blocks, one between Latin ones;
// the search page's engine joins stored texts by the same rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCK_BREAK, blockJoiner, joinBlocks, readableText } from '../src/parse/block-join.ts';
import { fullTextOf, readableTextOf, TEXT_PREFIX, textPrefixOf } from '../src/parse/body-facts.ts';
import { parseWithRemark as parseMarkdown } from '../src/parse/markdown.ts';

const engineFile = new URL('../public/assets/search-engine.js', import.meta.url).href;
const { blockJoiner: engineJoiner } = (await import(engineFile)) as { blockJoiner(before: string, after: string): string };

describe('joinBlocks', () => {
  it('joins Chinese blocks without a space and Latin ones with one', () => {
    assert.equal(joinBlocks(['工作。', '建设成效']), '工作。建设成效');
    assert.equal(joinBlocks(['It works.', 'Results follow']), 'It works. Results follow');
    assert.equal(joinBlocks(['2025', 'Report']), '2025 Report');
  });

  it('puts no space where either side is Chinese, full-width or CJK punctuation', () => {
    assert.equal(joinBlocks(['发布 AI', '赋能']), '发布 AI赋能');
    assert.equal(joinBlocks(['见附件', 'PDF 版']), '见附件PDF 版');
    assert.equal(joinBlocks(['（完）', '(end)']), '（完）(end)');
    assert.equal(joinBlocks(['“一户一档”', '“一人一策”']), '“一户一档”“一人一策”');
    assert.equal(joinBlocks(['𠮷野', 'x']), '𠮷野x');
  });

  it('leaves out empty blocks and adds nothing at the edges', () => {
    assert.equal(joinBlocks(['', 'a', '', 'b', '']), 'a b');
    assert.equal(joinBlocks([]), '');
  });

  it('reads a text with block breaks as the blocks joined', () => {
    assert.equal(readableText(`工作。${BLOCK_BREAK}建设成效${BLOCK_BREAK}Next step`), '工作。建设成效Next step');
    assert.equal(readableText('no breaks here'), 'no breaks here');
  });

  it('is the rule of the search page engine', () => {
    const samples = ['。', '建', 'a', 'Z', '1', '.', '(', '）', '“', '”', '，', 'ア', 'あ', 'ㄅ', '𠮷', '한', 'é', '-', '·'];
    for (const before of samples) for (const after of samples) assert.equal(engineJoiner(before, after), blockJoiner(before, after), `${before}|${after}`);
  });
});

describe('fullTextOf', () => {
  it('marks each block boundary with one BLOCK_BREAK and collapses other whitespace to a space', () => {
    const tree = parseMarkdown('第一段工作。\n\n建设  成效\n持续\n\n- 一\n- two\n\n```\ncode\n  here\n```\n');
    assert.equal(fullTextOf(tree), ['第一段工作。', '建设 成效 持续', '一', 'two', 'code here'].join(BLOCK_BREAK));
    assert.equal(readableText(fullTextOf(tree)), '第一段工作。建设 成效 持续一two code here');
  });
});

describe('readableTextOf and textPrefixOf (term pages and feeds excerpt them)', () => {
  it('join blocks as they are written', () => {
    assert.equal(readableTextOf(parseMarkdown('工作。\n\n建设成效\n\n- 一\n- 二\n')), '工作。建设成效一二');
    assert.equal(readableTextOf(parseMarkdown('It works.\n\nResults follow.\n')), 'It works. Results follow.');
    assert.equal(readableTextOf(parseMarkdown('第一行  \n第二行 *强调* `code`\n')), '第一行第二行 强调 code');
  });

  it('textPrefixOf is the start of readableTextOf, read no further than it needs', () => {
    const markdown = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `Paragraph ${i} in English.` : `第${i}段，社会工作服务。`)).join('\n\n');
    const tree = parseMarkdown(markdown);
    const whole = readableTextOf(tree);
    assert.ok(whole.length > TEXT_PREFIX * 2);
    assert.equal(textPrefixOf(tree), whole.slice(0, TEXT_PREFIX));
    assert.doesNotMatch(whole, /。 /);
    assert.match(whole, /社会工作服务。Paragraph 3 in English\.第4段/);
  });
});

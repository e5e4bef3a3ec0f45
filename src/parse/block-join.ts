// How the texts of two blocks (paragraphs, list items, headings) run on when they are shown as
// one line: an excerpt, a feed summary, a search result. Chinese text needs no space between
// them ("工作。建设成效"), Latin text does ("work. Results"). Texts that keep block boundaries for
// later (BodyFacts.fullText, the search index's body texts) mark each with BLOCK_BREAK; the
// search page's engine (public/assets/search-engine.js) joins them by the same rule, and a
// test holds the two to it.

/** Where one block ends and the next begins, in a text that keeps them apart. */
export const BLOCK_BREAK = '\n';

/**
 * Characters set without spaces around them: Han, kana, bopomofo, CJK symbols and punctuation
 * (。、「」), full-width forms (，：；！？（）), and the CJK compatibility ideographs.
 */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uff60\uffe0-\uffe6\u2e80-\u2fdf]/u;

/** Letters and digits of any script: with WIDE, the characters that decide a join; punctuation and quotes between them do not. */
const DECIDING = /[\p{L}\p{N}]/u;

/** The first character of `chars` that is WIDE or a letter or digit: what the join depends on ('' if none). */
function deciding(chars: Iterable<string>): string {
  for (const char of chars) if (WIDE.test(char) || DECIDING.test(char)) return char;
  return '';
}

/**
 * What goes between a block ending with `before` and one starting with `after`: nothing at an
 * edge or where the nearest letter on either side (quotes and other punctuation looked through,
 * unless CJK) is Chinese; one space otherwise.
 */
export function blockJoiner(before: string, after: string): '' | ' ' {
  if (before === '' || after === '') return '';
  const last = deciding([...before].reverse());
  const first = deciding(after);
  return WIDE.test(last) || WIDE.test(first) ? '' : ' ';
}

/** How far from a boundary the join looks for a deciding character, in UTF-16 units. */
const LOOK = 8;

/** The blocks' texts as one line: no space where either side is Chinese, one space otherwise; empty blocks left out. */
export function joinBlocks(blocks: readonly string[]): string {
  let result = '';
  for (const block of blocks) {
    if (block === '') continue;
    result += blockJoiner(result.slice(-LOOK), block.slice(0, LOOK)) + block;
  }
  return result;
}

/** A text with BLOCK_BREAKs, as one line to read (joinBlocks of its blocks). */
export function readableText(text: string): string {
  return text.includes(BLOCK_BREAK) ? joinBlocks(text.split(BLOCK_BREAK)) : text;
}

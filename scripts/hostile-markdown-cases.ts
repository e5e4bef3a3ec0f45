// Hostile Markdown bodies, generated to a size: inputs that once made remark/micromark (or the
// fast path) take minutes or gigabytes. Shared by scripts/hostile-markdown.ts, which measures
// them, and test/hostile-markdown.test.ts, which checks each is answered.

export interface HostileCase {
  name: string;
  /** Body size the issue reported trouble at, in characters (all ASCII: bytes). */
  size: number;
  /** A body of about `size` characters. */
  body: (size: number) => string;
}

const KB = 1024;
const MB = 1024 * KB;

/** `unit` repeated to `size` characters. */
function repeat(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  // Emphasis nested 20,000 deep: matching the two runs is quadratic.
  { name: 'nested-stars', size: 40 * KB, body: (size) => `${'*'.repeat(size / 2 - 1)}a${'*'.repeat(size / 2 - 1)}\n` },
  // "`", "``", "```" ...: no run closes, so each one scans to the end of the paragraph.
  { name: 'growing-backticks', size: 720 * KB, body: (size) => { let text = ''; for (let run = 1; text.length < size; run++) text += `${'`'.repeat(run)} x `; return `${text}\n`; } },
  // Character references: a few tokens each, kilobytes of parser state each.
  { name: 'entities', size: 4 * MB, body: (size) => `${repeat('&amp;', size)}\n` },
  // Underscores that can neither open nor close (but for the last): a token each.
  { name: 'underscores', size: 4 * MB, body: (size) => `${repeat('a_', size)}\n` },
  // Emphasis pairs in one paragraph: each match splices the paragraph's events.
  { name: 'emphasis-pairs', size: 256 * KB, body: (size) => `${repeat('*a* ', size)}\n` },
  // Closers that match no opener: each looks back over every opener of the paragraph.
  { name: 'unmatched-delimiters', size: 256 * KB, body: (size) => `${repeat('*a_ ', size)}\n` },
  // An HTML block of many lines.
  { name: 'html-block-lines', size: 1 * MB, body: (size) => `<div>\n${repeat('x\n', size)}` },
  // One-line list items, which the fast path takes: a node each.
  { name: 'list-lines', size: 4 * MB, body: (size) => repeat('- a\n', size) },
];

/** An entry a digest could have, long and with some of everything: it must build. */
export function benignBody(size: number): string {
  const paragraph = '这是一段普通的中文新闻正文，有*强调*和[链接](https://example.org/a)，还有一些**加粗**的文字，以及`代码`与 &amp; 实体。\n\n### 小标题\n\n- 列表一项\n- 列表二项\n\n> 引用一段话。\n\n';
  return repeat(paragraph, size);
}

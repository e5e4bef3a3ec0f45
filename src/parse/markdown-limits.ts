// Limits on how deeply Markdown may nest. A digest entry nests a few levels at most; thousands of
// levels (`>>>>>…`, lists indented hundreds of times, `[![[![…`) make the Markdown parser take
// minutes and the HTML compiler run out of stack. Such a file gets a message instead. Pure.
import type { Root } from 'mdast';
import type { Place } from '../diagnostics.js';

/** Characters of container markers (`>`, list bullets, indentation) in front of one line. */
export const MAX_LINE_PREFIX = 100;
/** Unclosed `[` at once, within one paragraph. */
export const MAX_BRACKET_DEPTH = 32;
/** `[` in one paragraph: each may start a link the parser has to look ahead for. */
export const MAX_BRACKETS_PER_PARAGRAPH = 2000;
/** Depth of the syntax tree: root > blockquote > list > listItem > paragraph > emphasis > … */
export const MAX_TREE_DEPTH = 64;

export interface NestingProblem {
  reason: string;
  place: Place;
}

const CONTAINER_PREFIX = /^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;

/** Checks the text before parsing, where the parser would be slow. `lineOffset` as for parseWithRemark. */
export function checkMarkdownText(body: string, lineOffset: number): NestingProblem | null {
  const lines = body.split('\n');
  let brackets = 0;
  let paragraphBrackets = 0;
  for (const [index, line] of lines.entries()) {
    const line1 = lineOffset + index + 1;
    if ((CONTAINER_PREFIX.exec(line)?.[0].length ?? 0) > MAX_LINE_PREFIX) {
      return { reason: `this line is nested more than ${MAX_LINE_PREFIX} characters deep in quotes, lists or indentation; a digest entry needs a few levels at most: flatten it`, place: { line: line1, column: 1 } };
    }
    if (line.trim() === '') {
      brackets = 0;
      paragraphBrackets = 0;
    }
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (char === '\\') i++;
      else if (char === ']') brackets = Math.max(0, brackets - 1);
      else if (char === '[') {
        brackets++;
        if (++paragraphBrackets > MAX_BRACKETS_PER_PARAGRAPH) {
          return { reason: `more than ${MAX_BRACKETS_PER_PARAGRAPH} brackets [ in one paragraph; split it into paragraphs or escape the brackets as \\[`, place: { line: line1, column: i + 1 } };
        }
      }
      if (brackets > MAX_BRACKET_DEPTH) {
        return { reason: `more than ${MAX_BRACKET_DEPTH} brackets [ are open at once here; links and images nest a few levels at most: flatten them or escape the brackets as \\[`, place: { line: line1, column: i + 1 } };
      }
    }
  }
  return null;
}

/** Checks the parsed tree: nesting the text check cannot see (emphasis inside emphasis …). */
export function checkTreeDepth(tree: Root): NestingProblem | null {
  const stack: { node: { children?: unknown[]; position?: { start: { line: number; column: number } } }; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) {
      const start = node.position?.start;
      return { reason: `Markdown is nested more than ${MAX_TREE_DEPTH} levels deep here (quotes, lists, emphasis, links); flatten it`, place: start ? { line: start.line, column: start.column } : { line: 1, column: 1 } };
    }
    for (const child of node.children ?? []) stack.push({ node: child as (typeof stack)[number]['node'], depth: depth + 1 });
  }
  return null;
}

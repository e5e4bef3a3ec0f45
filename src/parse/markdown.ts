// The unified processor, built once and reused for every file. Parse and stringify are separate
// stages: parse runs per file (cacheable), stringify per page render after links are resolved.
import type { Root } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly/parseOnly';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { FAST_PATHS } from './fast-path-switch.js';
import { plainMarkdownToHtml } from './plain-html.js';

// remark-html sanitizes by default (GitHub's schema): raw HTML such as <script> or <iframe>,
// on*= attributes and javascript: URLs never reach the page. remark-cjk-friendly relaxes
// CommonMark's flanking rule next to CJK characters, so that `据**《中国社会报》**报道` is bold (a
// micromark extension: it changes parsing only; remark-html writes the tree as before).
const processor = unified().use(remarkParse).use(remarkCjkFriendly).use(remarkHtml, { sanitize: true }).freeze();

/**
 * Parses a Markdown body with remark-parse. Blank lines stand in for the frontmatter, so node
 * positions are positions in the whole file, as editors see it. (parse-document.ts tries the
 * fast path of plain-markdown.ts first, which builds this same tree for plain bodies.)
 */
export function parseWithRemark(body: string, lineOffset = 0): Root {
  return processor.parse('\n'.repeat(lineOffset) + body);
}

/** HTML for a tree: written directly for plain trees, by remark-html (sanitizing) for the rest. */
export function markdownToHtml(tree: Root): string {
  return (FAST_PATHS ? plainMarkdownToHtml(tree) : null) ?? markdownToHtmlWithRemark(tree);
}

/** markdownToHtml without the fast path: remark-html itself. */
export function markdownToHtmlWithRemark(tree: Root): string {
  return processor.stringify(processor.runSync(tree) as Root);
}

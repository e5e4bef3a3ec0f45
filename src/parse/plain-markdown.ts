// A fast path for the plainest Markdown: digest entries are nearly all paragraphs of prose, with
// now and then a `**bold**` or `*emphasised*` phrase, a `[link](url)`, an image, an ATX heading,
// a one-line-per-item list (nested perhaps), a quote or a fenced code block.
// For such a body this builds exactly the tree remark-parse builds (same nodes, values and
// positions), an order of magnitude faster. Anything outside that subset, or any character whose
// meaning depends on rules not modelled here, gives null and remark-parse runs instead: remark
// stays the definition of the output, this module only has to recognise when it agrees.
//
// The subset, line by line (a line is what lies between two '\n'):
// - no tab, CR or other control character; no line starts or ends with white space (but for
//   the indentation of nested list items, and in fenced code);
// - a line is blank (empty), an ATX heading `#{1,6} text`, a list item `- text`, `* text`,
//   `+ text` or `N. text` (one line per item), or a paragraph line starting with a character
//   that begins nothing else (# > + = ~ * - < and similar markers are refused, and so are digits
//   followed by `.` or `)` unless text follows without a space; `*` or `_` before anything but a
//   space on a line not all of that marker, `#` before anything but a space (`#话题#`), `![`, one
//   backtick and `\` escapes are taken);
// - inline: text; backslash escapes of ASCII punctuation (as `digest import` writes them);
//   `*emphasis*`, `**strong**`, `_emphasis_`, `__strong__`: runs of asterisks or underscores of
//   any length (their flanking by the rule of remark-cjk-friendly, which markdown.ts adds to
//   remark: CommonMark's, relaxed next to CJK punctuation, with its own character classes; their
//   pairing in plain-emphasis.ts);
//   `&` only where no `;` could end a character reference; `<` only before a space or a non-ASCII
//   character; `]` outside links; links `[text](url)` whose text has no brackets, asterisks,
//   underscores, escapes, `&` or `<` and whose URL is plain ASCII without parentheses, quotes,
//   spaces or character references; images `![alt](url)` within the same limits; code spans of
//   one backtick on one line whose content neither starts nor ends with a space;
// - lists nested in list items, up to MAX_LIST_LEVELS deep: `  - text`, `  * text`, `   1. text`
//   lines indented to the text of the item they are in (see addNestedItem);
// - thematic breaks `---`, `***`, `___` (see addThematicBreak);
// - fenced code blocks in their plainest form (see plain-fence.ts);
// - blockquotes one level deep (see addBlockquote) of all the above.
// A body this module takes is never one checkMarkdownText (markdown-limits.ts) objects to: no
// container prefixes, no nested brackets, and it refuses more links between two blank lines
// than that check allows brackets. Pure.
import type { Blockquote, Code, Emphasis, Heading, Image, InlineCode, Link, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Strong, Text, ThematicBreak } from 'mdast';
import { classifyCharacter, isCjk, isCjkOrIvs, isNonCjkPunctuation, isSpaceOrPunctuation, isUnicodeWhitespace } from 'micromark-extension-cjk-friendly-util';
import { MAX_BRACKETS_PER_PARAGRAPH, checkMarkdownText } from './markdown-limits.js';
import { mayOpenFence, readFence } from './plain-fence.js';
import { type Resolved, type Run, resolveEmphasis } from './plain-emphasis.js';

type Point = { line: number; column: number; offset: number };
type Position = { start: Point; end: Point };

const NEWLINE = 10;
const SPACE = 32;
const BANG = 33;
const BACKSLASH = 92;
const HASH = 35;
const AMPERSAND = 38;
const LEFT_PAREN = 40;
const RIGHT_PAREN = 41;
const ASTERISK = 42;
const DASH = 45;
const PLUS = 43;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const SEMICOLON = 59;
const LESS_THAN = 60;
const BACKTICK = 96;
const GREATER_THAN = 62;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
const UNDERSCORE = 95;

/** Refused anywhere: control characters but line feed. */
const REFUSED_ANYWHERE = /[\u0000-\u0009\u000b-\u001f\u007f]/;
/** What inline parsing has to look at; all else is text. */
const INLINE_SYNTAX = ['*', '[', '_', '&', '\\', '<', '`'];
/** A backslash escape: a backslash and an ASCII punctuation character. */
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
/** ASCII characters that may not begin a paragraph line (or the text of a list item). (`|` may: without GFM, a table is a paragraph.) */
const REFUSED_AT_LINE_START = asciiTable(' #>+-*=_~`<[]!:\\');
/** ASCII characters allowed in a link URL (and `&` without a `;` in the same URL). */
const URL_CHARACTERS = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$+,;=%&');
const WHITE_SPACE = /\s/;

function asciiTable(characters: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const character of characters) table[character.charCodeAt(0)] = 1;
  return table;
}

/** leadingDigits: no list marker; a marker or near one, not modelled. */
const TEXT_DIGITS = -1;
const REFUSED_DIGITS = -2;
/** Emphasis and strong nested in one another, at most (markdown-limits.ts refuses trees a fifteenth as deep). */
const MAX_EMPHASIS_DEPTH = 1000;
/** Levels of lists nested in one another (so that no line's indentation nears what markdown-limits.ts allows). */
const MAX_LIST_LEVELS = 8;

const enum LineKind {
  Blank,
  Paragraph,
  Heading,
  Bullet,
  Ordered,
}

/**
 * The tree remark-parse gives for `'\n'.repeat(lineOffset) + body`, or null when the body is not
 * in the subset this module knows (see above).
 */
export function parsePlainMarkdown(body: string, lineOffset = 0): Root | null {
  if (REFUSED_ANYWHERE.test(body)) return null;
  const lineStarts = [0];
  for (let index = body.indexOf('\n'); index >= 0; index = body.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const parser = new PlainParser(body, lineOffset, lineStarts);
  const tree = parser.parse();
  // Code may hold what the nesting check counts (brackets, deep indentation): it has the last word.
  if (tree && parser.sawFence && checkMarkdownText(body, lineOffset)) return null;
  return tree;
}

class PlainParser {
  private readonly children: RootContent[] = [];
  /** Start of the open paragraph's first line, or -1. */
  private paragraphStart = -1;
  private paragraphEnd = -1;
  private list: List | null = null;
  /**
   * The open list (first) and the lists nested in its last item, each in the last item of the
   * one before: each with its marker (`.` when ordered) and the column its last item's text
   * starts at, which is the indent of a list nested in that item. Whether the open list has had
   * a nested list at all.
   */
  private readonly levels: { list: List; marker: number; contentColumn: number }[] = [];
  private listHasNested = false;
  /** The open list's marker (`.` for an ordered list, -1 for none), and whether a blank line followed its last item. */
  private listMarker = -1;
  private blankAfterList = false;
  /** Links since the last blank line (each is one `[`, as markdown-limits.ts counts them). */
  private linksSinceBlank = 0;
  /** Where each of INLINE_SYNTAX occurs next, from where it was last looked for: -1 nowhere, -2 not looked for yet. */
  private readonly nextSyntax = INLINE_SYNTAX.map(() => -2);
  /** Whether the body (a blockquote's content included) holds fenced code. */
  sawFence = false;
  /** Whether the phrasing being built holds backslash escapes (its text drops the backslashes). */
  private escapes = false;

  constructor(
    private readonly body: string,
    private readonly lineOffset: number,
    private readonly lineStarts: number[],
    /** For the content of a blockquote: the parser of the text around it, and where in that text each line and its content start. */
    private readonly outer: { parser: PlainParser; contentStarts: number[]; lineStarts: number[] } | null = null,
  ) {}

  parse(): Root | null {
    const { body, lineStarts } = this;
    for (let line = 0; line < lineStarts.length; line++) {
      const start = lineStarts[line]!;
      const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : body.length;
      if (body.charCodeAt(start) === GREATER_THAN) {
        // A blockquote, one level deep: its lines are read here, and line goes on after them.
        const last = this.outer ? -1 : this.addBlockquote(line);
        if (last < 0) return null;
        line = last;
      } else if (mayOpenFence(body, start)) {
        const last = this.addFence(line);
        if (last < 0) return null;
        line = last;
      } else if (!this.addLine(start, end)) {
        return null;
      }
    }
    if (!this.closeParagraph()) return null;
    const lastLineStart = lineStarts[lineStarts.length - 1]!;
    const position: Position = {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: this.lineOffset + lineStarts.length, column: body.length - lastLineStart + 1, offset: this.lineOffset + body.length },
    };
    return { type: 'root', children: this.children, position };
  }

  private addLine(start: number, end: number): boolean {
    const { body } = this;
    if (start === end) {
      if (!this.closeParagraph()) return false;
      if (this.list) {
        // A list with a nested list, in a blockquote: where it ends is not modelled.
        if (this.listHasNested && this.outer) return false;
        if (this.outer) {
          // In a blockquote, a list takes the blank `>` line after it (its end moves there), and
          // with a second one it would be loose: not modelled.
          if (this.blankAfterList) return false;
          this.list.position!.end = this.point(start);
        }
        this.blankAfterList = true;
      }
      // markdown-limits.ts counts brackets up to a line that is blank, and a `>` line is not.
      if (!this.outer) this.linksSinceBlank = 0;
      return true;
    }
    if (body.charCodeAt(start) === SPACE && this.list && !this.blankAfterList) return this.addNestedItem(start, end);
    if (isWhiteSpace(body.charCodeAt(start)) || isWhiteSpace(body.charCodeAt(end - 1))) return false;
    const first = body.charCodeAt(start);
    if ((first === DASH || first === ASTERISK || first === UNDERSCORE) && isThematicBreak(body, start, end)) return this.addThematicBreak(first, start, end);
    if (first === HASH && !this.startsPlainly(start, end)) return this.addHeading(start, end);
    if (first === DASH || ((first === ASTERISK || first === PLUS) && body.charCodeAt(start + 1) === SPACE)) {
      // `- text`, `* text`, `+ text`; anything else starting with a dash (rules, setext
      // underlines) is refused.
      if (body.charCodeAt(start + 1) !== SPACE || !this.startsPlainly(start + 2, end)) return false;
      return this.addListItem(LineKind.Bullet, first, start, start + 2, end, null);
    }
    if (isDigit(first)) {
      const digits = this.leadingDigits(start, end);
      if (digits === REFUSED_DIGITS) return false;
      if (digits !== TEXT_DIGITS) {
        if (!this.startsPlainly(digits + 2, end)) return false;
        return this.addListItem(LineKind.Ordered, DOT, start, digits + 2, end, body.slice(start, digits));
      }
    } else if (!this.startsPlainly(start, end)) {
      return false;
    }
    return this.addParagraphLine(start, end);
  }

  /**
   * The blockquote whose first line is `first`: lines of `> content` and `>` alone, up to a
   * blank line or the end of the body (a line without `>` directly after would continue its
   * paragraph lazily: refused), after a blank line, a heading or the start. Its content is
   * parsed by a parser of this same subset, without blockquotes, whose positions are mapped back
   * here. Returns the quote's last line, or -1 if it is not in the subset.
   */
  private addBlockquote(first: number): number {
    const { body, lineStarts } = this;
    if (this.paragraphStart >= 0 || (this.list && !this.blankAfterList)) return -1;
    this.closeList();
    const contents: string[] = [];
    const contentStarts: number[] = [];
    const quoteLineStarts: number[] = [];
    let line = first;
    let end = -1;
    for (; line < lineStarts.length; line++) {
      const start = lineStarts[line]!;
      end = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : body.length;
      if (body.charCodeAt(start) !== GREATER_THAN) break;
      quoteLineStarts.push(start);
      if (end === start + 1) {
        contents.push('');
        contentStarts.push(end);
      } else {
        // `> text`: one space, then text (which the inner parser checks as any line).
        if (body.charCodeAt(start + 1) !== SPACE || end === start + 2) return -1;
        contents.push(body.slice(start + 2, end));
        contentStarts.push(start + 2);
      }
    }
    if (line < lineStarts.length && lineStarts[line] !== end) return -1;
    const last = line - 1;
    const lastEnd = last + 1 < lineStarts.length ? lineStarts[last + 1]! - 1 : body.length;
    const inner = contents.join('\n');
    const innerStarts = [0];
    for (const content of contents.slice(0, -1)) innerStarts.push(innerStarts[innerStarts.length - 1]! + content.length + 1);
    const parser = new PlainParser(inner, 0, innerStarts, { parser: this, contentStarts, lineStarts: quoteLineStarts });
    parser.linksSinceBlank = this.linksSinceBlank;
    const tree = parser.parse();
    if (!tree || tree.children.length === 0) return -1;
    this.linksSinceBlank = parser.linksSinceBlank;
    this.sawFence ||= parser.sawFence;
    const blockquote: Blockquote = { type: 'blockquote', children: tree.children as Blockquote['children'], position: this.span(lineStarts[first]!, lastEnd) };
    this.children.push(blockquote);
    return last;
  }

  /**
   * The fenced code block opening on line `first` (plain-fence.ts), after a blank line, a
   * paragraph (which it interrupts), a heading or the start; returns its last line, or -1.
   */
  private addFence(first: number): number {
    const fence = readFence(this.body, this.lineStarts, first);
    if (!fence || (this.list && !this.blankAfterList) || !this.closeParagraph()) return -1;
    this.closeList();
    const lastEnd = fence.last + 1 < this.lineStarts.length ? this.lineStarts[fence.last + 1]! - 1 : this.body.length;
    const code: Code = { type: 'code', lang: fence.lang, meta: null, value: this.body.slice(fence.valueStart, fence.valueEnd), position: this.span(this.lineStarts[first]!, lastEnd) };
    this.children.push(code);
    this.sawFence = true;
    return fence.last;
  }

  /**
   * `---`, `***`, `___` (spaces between allowed): after a blank line, a heading or the start, or
   * interrupting a paragraph when not of dashes (which would underline it as a heading).
   */
  private addThematicBreak(marker: number, start: number, end: number): boolean {
    if ((this.list && !this.blankAfterList) || (marker === DASH && this.paragraphStart >= 0) || !this.closeParagraph()) return false;
    this.closeList();
    const rule: ThematicBreak = { type: 'thematicBreak', position: this.span(start, end) };
    this.children.push(rule);
    return true;
  }

  /** Whether the text from `start` begins a paragraph and nothing else. */
  private startsPlainly(start: number, end: number): boolean {
    const { body } = this;
    if (start >= end) return false;
    const first = body.charCodeAt(start);
    if (isDigit(first)) return this.leadingDigits(start, end) === TEXT_DIGITS;
    if (first === ASTERISK || first === UNDERSCORE) {
      // `*word`, `**word`, `_word`: emphasis at the start of a line. `* ` would start a list
      // item (`_ ` is refused alike), and a line of these markers and spaces is a thematic break.
      if (start + 1 >= end || body.charCodeAt(start + 1) === SPACE) return false;
      for (let index = start + 1; index < end; index++) {
        const code = body.charCodeAt(index);
        if (code !== first && code !== SPACE) return true;
      }
      return false;
    }
    if (first === HASH) {
      // `#话题#`: hashes before anything but a space (or the line's end) begin no heading.
      let index = start + 1;
      while (index < end && body.charCodeAt(index) === HASH) index++;
      return index < end && body.charCodeAt(index) !== SPACE;
    }
    if (first === LEFT_BRACKET) return true;
    // An image, or a code span (three backticks would open a fence): they begin no block.
    if (first === BANG) return body.charCodeAt(start + 1) === LEFT_BRACKET;
    if (first === BACKTICK) return body.charCodeAt(start + 1) !== BACKTICK;
    // An escaped character is text, whatever it is.
    if (first === BACKSLASH) return start + 1 < end && isAsciiPunctuation(body.charCodeAt(start + 1));
    if (first < 128) return REFUSED_AT_LINE_START[first] !== 1;
    return !isWhiteSpace(first);
  }

  /**
   * What the digits at `start` begin: an ordered list marker `N. ` (1 to 9 digits; returns where
   * the digits end), TEXT_DIGITS when no marker can be read (no `.` or `)` after them, or one
   * followed by more text without a space: `2025年`, `1.5亿`), REFUSED_DIGITS for the rest
   * (`N)`, a marker with nothing after it, ten digits and more).
   */
  private leadingDigits(start: number, end: number): number {
    const { body } = this;
    let index = start;
    while (index < end && isDigit(body.charCodeAt(index))) index++;
    const after = body.charCodeAt(index);
    if (after !== DOT && after !== RIGHT_PAREN) return TEXT_DIGITS;
    if (index - start > 9 || index + 1 >= end) return REFUSED_DIGITS;
    if (body.charCodeAt(index + 1) !== SPACE) return TEXT_DIGITS;
    return after === DOT ? index : REFUSED_DIGITS;
  }

  private addParagraphLine(start: number, end: number): boolean {
    if (this.paragraphStart >= 0) {
      this.paragraphEnd = end;
      return true;
    }
    if (this.list) {
      // Directly under an item the line would continue the item's paragraph (lazily).
      if (!this.blankAfterList) return false;
      this.closeList();
    }
    this.paragraphStart = start;
    this.paragraphEnd = end;
    return true;
  }

  private addHeading(start: number, end: number): boolean {
    const { body } = this;
    let index = start;
    while (index < end && body.charCodeAt(index) === HASH) index++;
    const depth = index - start;
    // `#{1,6} text`, one space, and no closing `#` sequence (refused rather than stripped).
    if (depth > 6 || body.charCodeAt(index) !== SPACE || index + 1 >= end) return false;
    if (body.charCodeAt(index + 1) === SPACE || body.charCodeAt(end - 1) === HASH) return false;
    if (!this.closeParagraph()) return false;
    this.closeList();
    const children = this.inline(index + 1, end);
    if (!children) return false;
    const heading: Heading = { type: 'heading', depth: depth as Heading['depth'], children, position: this.span(start, end) };
    this.children.push(heading);
    return true;
  }

  /**
   * An indented list item (`  - text`, `  * text`, `   1. text`) under the open list, indented
   * exactly to where the text of the last item of one of its levels starts: an item of the list
   * nested in that item (a new one, or the one already there, of the same marker; lists nested
   * deeper end). One line an item, no blank line in or after a nested list (see addLine).
   */
  private addNestedItem(start: number, end: number): boolean {
    const { body, levels } = this;
    let marker = start;
    while (marker < end && body.charCodeAt(marker) === SPACE) marker++;
    const indent = marker - start;
    let parentLevel = levels.length - 1;
    while (parentLevel >= 0 && levels[parentLevel]!.contentColumn !== indent) parentLevel--;
    if (parentLevel < 0 || parentLevel + 1 >= MAX_LIST_LEVELS) return false;
    let markerCode = body.charCodeAt(marker);
    let contentStart = marker + 2;
    let value: string | null = null;
    if (isDigit(markerCode)) {
      const digits = this.leadingDigits(marker, end);
      if (digits < 0) return false;
      value = body.slice(marker, digits);
      markerCode = DOT;
      contentStart = digits + 2;
    } else if ((markerCode !== DASH && markerCode !== ASTERISK && markerCode !== PLUS) || body.charCodeAt(marker + 1) !== SPACE) {
      return false;
    }
    if (isWhiteSpace(body.charCodeAt(end - 1)) || !this.startsPlainly(contentStart, end)) return false;
    const existing = levels[parentLevel + 1];
    // Another marker than the nested list's, or an ordered list not starting at 1 directly after
    // the item's text (which it would continue): not modelled.
    if (existing ? existing.marker !== markerCode : markerCode === DOT && value !== '1') return false;
    const children = this.inline(contentStart, end);
    if (!children) return false;
    const paragraph: Paragraph = { type: 'paragraph', children, position: this.span(contentStart, end) };
    const item: ListItem = { type: 'listItem', spread: false, checked: null, children: [paragraph], position: this.span(marker, end) };
    levels.length = parentLevel + 1;
    if (existing) {
      existing.list.children.push(item);
      existing.list.position!.end = this.point(end);
      existing.contentColumn = contentStart - start;
      levels.push(existing);
    } else {
      const ordered = markerCode === DOT;
      const list: List = { type: 'list', ordered, start: ordered ? Number.parseInt(value!, 10) : null, spread: false, children: [item], position: this.span(marker, end) };
      const parent = levels[parentLevel]!.list;
      parent.children[parent.children.length - 1]!.children.push(list);
      levels.push({ list, marker: markerCode, contentColumn: contentStart - start });
      this.listHasNested = true;
    }
    // The item ends every item and list it is nested in.
    for (let level = 0; level <= parentLevel; level++) {
      const { list } = levels[level]!;
      list.children[list.children.length - 1]!.position!.end = this.point(end);
      list.position!.end = this.point(end);
    }
    return true;
  }

  /** `marker`: `-`, `*`, `+` or, for an ordered item, `.`; another marker than the open list's starts another list. */
  private addListItem(kind: LineKind.Bullet | LineKind.Ordered, marker: number, start: number, contentStart: number, end: number, value: string | null): boolean {
    this.levels.length = Math.min(this.levels.length, 1);
    if (this.list) {
      if (this.listMarker !== marker) {
        // A list of the other kind or marker: only after a blank line, so that nothing is in
        // doubt, and not in a blockquote (where remark makes the first list loose and ends it
        // at the second).
        if (!this.blankAfterList || this.outer) return false;
        this.closeList();
      } else if (this.blankAfterList) {
        // The same list goes on after a blank line: it is loose (its items become paragraphs),
        // its items are not (no blank line within them), with nested lists or without. (In a
        // blockquote, a list with a nested list never gets here: see addLine.)
        this.list.spread = true;
        this.blankAfterList = false;
      }
    }
    if (this.paragraphStart >= 0) {
      // An item may interrupt a paragraph; an ordered one only when it starts at 1.
      if (kind === LineKind.Ordered && value !== '1') return false;
      if (!this.closeParagraph()) return false;
    }
    const children = this.inline(contentStart, end);
    if (!children) return false;
    const paragraph: Paragraph = { type: 'paragraph', children, position: this.span(contentStart, end) };
    const item: ListItem = { type: 'listItem', spread: false, checked: null, children: [paragraph], position: this.span(start, end) };
    if (this.list) {
      this.list.children.push(item);
      this.list.position!.end = this.point(end);
      this.levels[0]!.contentColumn = contentStart - start;
    } else {
      const ordered = kind === LineKind.Ordered;
      this.list = { type: 'list', ordered, start: ordered ? Number.parseInt(value!, 10) : null, spread: false, children: [item], position: this.span(start, end) };
      this.listMarker = marker;
      this.blankAfterList = false;
      this.children.push(this.list);
      this.levels.push({ list: this.list, marker, contentColumn: contentStart - start });
    }
    return true;
  }

  private closeList(): void {
    this.levels.length = 0;
    this.listHasNested = false;
    this.list = null;
    this.listMarker = -1;
    this.blankAfterList = false;
  }

  private closeParagraph(): boolean {
    if (this.paragraphStart < 0) return true;
    const start = this.paragraphStart;
    const end = this.paragraphEnd;
    this.paragraphStart = -1;
    const children = this.inline(start, end);
    if (!children) return false;
    this.children.push({ type: 'paragraph', children, position: this.span(start, end) });
    return true;
  }

  /** The phrasing content of body[start, end), or null if it holds anything not modelled. */
  private inline(start: number, end: number): PhrasingContent[] | null {
    const { body } = this;
    const items: (InlineItem | Run)[] = [];
    let textStart = start;
    const flushText = (until: number): void => {
      if (until > textStart) items.push({ kind: 'text', start: textStart, end: until });
    };
    this.escapes = false;
    let index = start;
    while (index < end) {
      index = this.syntaxFrom(index);
      if (index < 0 || index >= end) break;
      const code = body.charCodeAt(index);
      if (code === ASTERISK || code === UNDERSCORE) {
        let runEnd = index;
        while (runEnd < end && body.charCodeAt(runEnd) === code) runEnd++;
        const before = index > start ? flankingClass(body, index - 1) : WHITESPACE_CLASS;
        const after = runEnd < end ? flankingClass(body, runEnd) : WHITESPACE_CLASS;
        if (before === UNKNOWN || after === UNKNOWN) return null;
        const { canOpen, canClose } = flanking(code, before, after);
        if (!canOpen && !canClose) {
          // A run that can neither open nor close (underscores within a word: a_b) is text.
          index = runEnd;
          continue;
        }
        flushText(index);
        items.push({ kind: 'run', marker: code, start: index, end: runEnd, canOpen, canClose });
        index = textStart = runEnd;
      } else if (code === LEFT_BRACKET) {
        // `![alt](url)`: an image, unless the `!` may be escaped.
        const image = index > start && body.charCodeAt(index - 1) === BANG;
        if (image && index - 1 > start && body.charCodeAt(index - 2) === BACKSLASH) return null;
        const link = this.link(index, end);
        if (!link) return null;
        if (image) {
          link.kind = 'image';
          link.start = index - 1;
        }
        flushText(link.start);
        items.push(link);
        index = textStart = link.end;
      } else if (code === BACKTICK) {
        // A code span of one backtick on each side, on one line, its content not starting or
        // ending with a space (which the parser would strip) nor holding a backtick.
        const close = body.indexOf('`', index + 1);
        if (close < 0 || close >= end || close === index + 1 || body.charCodeAt(close + 1) === BACKTICK) return null;
        const value = body.slice(index + 1, close);
        if (value.includes('\n') || value.charCodeAt(0) === SPACE || value.charCodeAt(value.length - 1) === SPACE) return null;
        flushText(index);
        items.push({ kind: 'code', start: index, end: close + 1, value });
        index = textStart = close + 1;
      } else if (code === BACKSLASH) {
        // An escape is text without its backslash; a backslash before anything else (a line
        // break, a letter) is refused.
        if (index + 1 >= end || !isAsciiPunctuation(body.charCodeAt(index + 1))) return null;
        this.escapes = true;
        index += 2;
      } else if (code === AMPERSAND) {
        // A character reference needs a `;` after its name or number: without one, `&` is text.
        let after = index + 1;
        while (after < end && isReferenceCharacter(body.charCodeAt(after))) after++;
        if (body.charCodeAt(after) === SEMICOLON) return null;
        index++;
      } else {
        // `<` before a space or a non-ASCII character starts neither HTML nor an autolink.
        const next = index + 1 < end ? body.charCodeAt(index + 1) : NEWLINE;
        if (next !== SPACE && next < 128) return null;
        index++;
      }
    }
    flushText(end);
    return this.phrasing(resolveEmphasis(items));
  }

  /**
   * The first character from `from` on that may be syntax, or -1. Inline parsing only moves
   * forward, so each character's indexOf runs over the body once in all (indexOf is much faster
   * than a loop or a regular expression over CJK text).
   */
  private syntaxFrom(from: number): number {
    const { nextSyntax } = this;
    let first = -1;
    for (let which = 0; which < nextSyntax.length; which++) {
      let next = nextSyntax[which]!;
      if (next !== -1 && next < from) nextSyntax[which] = next = this.body.indexOf(INLINE_SYNTAX[which]!, from);
      if (next >= 0 && (first < 0 || next < first)) first = next;
    }
    return first;
  }

  /** `[text](url)` at `start`, within the limits of the subset. */
  private link(start: number, end: number): LinkItem | null {
    const { body } = this;
    let index = start + 1;
    for (; index < end; index++) {
      const code = body.charCodeAt(index);
      if (code === RIGHT_BRACKET) break;
      if (code === LEFT_BRACKET || code === ASTERISK || code === NEWLINE || code === UNDERSCORE || code === AMPERSAND || code === BACKSLASH || code === LESS_THAN || code === BACKTICK) return null;
    }
    const textEnd = index;
    if (textEnd === start + 1 || textEnd >= end || body.charCodeAt(textEnd + 1) !== LEFT_PAREN) return null;
    const urlStart = textEnd + 2;
    let sawAmpersand = false;
    let sawSemicolon = false;
    for (index = urlStart; index < end; index++) {
      const code = body.charCodeAt(index);
      if (code === RIGHT_PAREN) break;
      if (code >= 128 || URL_CHARACTERS[code] !== 1) return null;
      if (code === AMPERSAND) sawAmpersand = true;
      else if (code === SEMICOLON) sawSemicolon = true;
    }
    // A `;` after an `&` could make a character reference, which the parser decodes.
    if (index >= end || index === urlStart || (sawAmpersand && sawSemicolon)) return null;
    if (++this.linksSinceBlank > MAX_BRACKETS_PER_PARAGRAPH) return null;
    return { kind: 'link', start, end: index + 1, textStart: start + 1, textEnd, url: body.slice(urlStart, index) };
  }

  /** Resolved items -> nodes: groups become emphasis and strong, runs left over merge into text. */
  private phrasing(tokens: Resolved<InlineItem>[], depth = 0): PhrasingContent[] | null {
    // Deeper is refused by the nesting check anyway (and would take the stack here).
    if (depth > MAX_EMPHASIS_DEPTH) return null;
    const nodes: PhrasingContent[] = [];
    let textStart = -1;
    let textEnd = -1;
    const flush = (): void => {
      if (textStart < 0) return;
      nodes.push(this.text(textStart, textEnd));
      textStart = -1;
    };
    for (const token of tokens) {
      if (token.kind === 'text' || token.kind === 'run') {
        if (textStart < 0) textStart = token.start;
        textEnd = token.end;
        continue;
      }
      flush();
      if (token.kind === 'image') {
        const image: Image = { type: 'image', title: null, url: token.url, alt: this.body.slice(token.textStart, token.textEnd), position: this.span(token.start, token.end) };
        nodes.push(image);
      } else if (token.kind === 'code') {
        const code: InlineCode = { type: 'inlineCode', value: token.value, position: this.span(token.start, token.end) };
        nodes.push(code);
      } else if ('children' in token) {
        const children = this.phrasing(token.children, depth + 1);
        if (!children) return null;
        const position = this.span(token.start, token.end);
        nodes.push(token.kind === 'strong' ? ({ type: 'strong', children, position } satisfies Strong) : ({ type: 'emphasis', children, position } satisfies Emphasis));
      } else {
        const link: Link = { type: 'link', title: null, url: token.url, children: [this.text(token.textStart, token.textEnd)], position: this.span(token.start, token.end) };
        nodes.push(link);
      }
    }
    flush();
    return nodes;
  }

  private text(start: number, end: number): Text {
    const source = this.body.slice(start, end);
    const value = this.escapes ? source.replace(ESCAPE, '$1') : source;
    return { type: 'text', value, position: this.span(start, end, true) };
  }

  /** `endsText`: the end of text, which may end with a line break (in a blockquote, before the next line's `>`). */
  private span(start: number, end: number, endsText = false): Position {
    return { start: this.point(start), end: this.point(end, endsText) };
  }

  /** Line, column and offset of body[index] in the padded document remark-parse sees. */
  private point(index: number, endsText = false): Point {
    const { lineStarts, outer } = this;
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    if (outer) {
      // Text that ends with a line break ends where the next line starts, before its `> `.
      if (endsText && low > 0 && index === lineStarts[low]) return outer.parser.point(outer.lineStarts[low]!);
      return outer.parser.point(outer.contentStarts[low]! + index - lineStarts[low]!);
    }
    return { line: this.lineOffset + low + 1, column: index - lineStarts[low]! + 1, offset: this.lineOffset + index };
  }
}

interface TextItem {
  kind: 'text';
  start: number;
  end: number;
}

interface CodeItem {
  kind: 'code';
  start: number;
  end: number;
  value: string;
}

interface LinkItem {
  kind: 'link' | 'image';
  start: number;
  end: number;
  textStart: number;
  textEnd: number;
  url: string;
}

type InlineItem = TextItem | LinkItem | CodeItem;

/** The class of a white space character (and of the start and end of the text), as classifyCharacter gives it. */
const WHITESPACE_CLASS = classifyCharacter(null);
/** The class of ASCII punctuation, and of ASCII letters and digits. */
const ASCII_PUNCTUATION_CLASS = classifyCharacter(ASTERISK);
const ASCII_WORD_CLASS = classifyCharacter(DIGIT_0);
const UNKNOWN = -1;
type CharacterClass = ReturnType<typeof classifyCharacter>;

/**
 * The class of the character next to a delimiter run, as remark-cjk-friendly's flanking rule sees
 * it (its own classifyCharacter: white space, punctuation, CJK, CJK punctuation, ...); UNKNOWN
 * for characters whose class needs more than the one character: surrogates (the plugin pieces
 * pairs together from its buffer) and variation selectors (it looks at the character before).
 */
function flankingClass(body: string, index: number): CharacterClass | typeof UNKNOWN {
  const code = body.charCodeAt(index);
  if (code === SPACE || code === NEWLINE) return WHITESPACE_CLASS;
  if (code < 128) {
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return ASCII_WORD_CLASS;
    return code > SPACE && code < 127 ? ASCII_PUNCTUATION_CLASS : UNKNOWN;
  }
  if ((code >= 0xd800 && code <= 0xdfff) || (code >= 0xfe00 && code <= 0xfe0f)) return UNKNOWN;
  return classifyCharacter(code);
}

/**
 * Whether a run of `marker` between characters of classes `before` and `after` may open or
 * close: remark-cjk-friendly's rule (its attention tokenizer, for markers no other extension
 * adds), which is CommonMark's with punctuation of CJK characters counted as letters and a
 * run after non-CJK punctuation closing before a CJK character too.
 */
function flanking(marker: number, before: CharacterClass, after: CharacterClass): { canOpen: boolean; canClose: boolean } {
  const beforeNonCjkPunctuation = isNonCjkPunctuation(before);
  const beforeSpaceOrNonCjkPunctuation = beforeNonCjkPunctuation || isUnicodeWhitespace(before);
  const afterNonCjkPunctuation = isNonCjkPunctuation(after);
  const afterSpaceOrNonCjkPunctuation = afterNonCjkPunctuation || isUnicodeWhitespace(after);
  const open = !afterSpaceOrNonCjkPunctuation || (afterNonCjkPunctuation && (beforeSpaceOrNonCjkPunctuation || isCjkOrIvs(before)));
  const close = !beforeSpaceOrNonCjkPunctuation || (beforeNonCjkPunctuation && (afterSpaceOrNonCjkPunctuation || isCjk(after)));
  if (marker === ASTERISK) return { canOpen: open, canClose: close };
  return { canOpen: open && (isSpaceOrPunctuation(before) || !close), canClose: close && (isSpaceOrPunctuation(after) || !open) };
}

/** Whether body[start, end) is three or more of one of `-`, `*`, `_` and spaces alone. */
function isThematicBreak(body: string, start: number, end: number): boolean {
  const marker = body.charCodeAt(start);
  let count = 0;
  for (let index = start; index < end; index++) {
    const code = body.charCodeAt(index);
    if (code === marker) count++;
    else if (code !== SPACE) return false;
  }
  return count >= 3;
}

/** ASCII punctuation as CommonMark defines it: what a backslash escapes. */
function isAsciiPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

/** What may come between `&` and `;` in a character reference (names and numbers). */
function isReferenceCharacter(code: number): boolean {
  return code === HASH || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** White space by JavaScript's (and the parser's) definition, for line ends. */
function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === SPACE; // other ASCII white space is refused earlier
  return WHITE_SPACE.test(String.fromCharCode(code));
}

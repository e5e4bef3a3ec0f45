// A budget on the work a Markdown body gives the parsers, estimated from its text before either
// parser (the fast path or remark) sees it. micromark spends a few kilobytes and microseconds on
// every token, and some inputs make it quadratic: emphasis markers in one long paragraph, code
// spans that never close (each scans to the paragraph's end). A body over budget gets a
// message instead of a parse, so any file is answered in about a second, in bounded memory. Pure.
import type { Place } from '../diagnostics.js';

/** Work units a body may take: each UTF-8 byte counts 1, a syntax mark MARK_WEIGHT more, a line LINE_WEIGHT more. */
export const MAX_MARKDOWN_UNITS = 300_000;
export const MARK_WEIGHT = 8;
/** Lines cost more than marks: each may start or continue blocks (list items, quotes, paragraphs). */
export const LINE_WEIGHT = 24;
/** Emphasis markers (`*`, `_`) times line breaks and marks, within one paragraph. */
export const MAX_EMPHASIS_WORK = 5_000_000;
/** Characters scanned ahead by code spans that do not close, in the whole body. */
export const MAX_LOOKAHEAD = 10_000_000;

export interface BudgetProblem {
  reason: string;
  place: Place;
}

/** Characters that start a token for micromark (besides line breaks): each costs a token or more. */
const MARKS = new Uint8Array(128);
for (const mark of '!&*<[\\]_`\t') MARKS[mark.charCodeAt(0)] = 1;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const BACKTICK = 96;

/** No body this short can exceed a budget, whatever it holds. */
const ALWAYS_WITHIN = Math.min(Math.floor(MAX_MARKDOWN_UNITS / (3 + LINE_WEIGHT)), Math.floor(Math.sqrt(Math.min(MAX_EMPHASIS_WORK, MAX_LOOKAHEAD))));

/** Checks `body` against the budgets; `lineOffset` lines of frontmatter come before it. */
export function checkMarkdownBudget(body: string, lineOffset: number): BudgetProblem | null {
  if (body.length <= ALWAYS_WITHIN) return null;
  const place = (index: number): Place => placeOf(body, index, lineOffset);
  const scan = new Lookahead(body);
  let units = 0;
  let lookahead = 0;
  let start = 0;
  while (start < body.length) {
    const end = paragraphEnd(body, start);
    scan.paragraph(start, end);
    let emphasis = 0;
    let marks = 0;
    for (let index = start; index < end; index++) {
      const code = body.charCodeAt(index);
      if (code < 128) {
        units++;
        const line = code === NEWLINE || code === CARRIAGE_RETURN;
        if (line || MARKS[code] === 1) {
          units += line ? LINE_WEIGHT : MARK_WEIGHT;
          marks++;
          if (code === 42 || code === 95) emphasis++;
          if (emphasis * marks > MAX_EMPHASIS_WORK) {
            return { reason: `this paragraph has too many emphasis markers (* or _) for its length to be parsed in reasonable time; split it into shorter paragraphs, or escape the markers as \\* and \\_ where they are not emphasis`, place: place(index) };
          }
          if (code === BACKTICK) lookahead += scan.cost(index);
          if (lookahead > MAX_LOOKAHEAD) {
            return { reason: `backticks (\`) here open code spans that do not close, and each makes the parser read on to the end of the paragraph; close them, escape them as \\\`, or split the paragraph`, place: place(index) };
          }
        }
      } else {
        units += code < 0x800 ? 2 : code >= 0xd800 && code < 0xe000 ? 2 : 3;
      }
      if (units > MAX_MARKDOWN_UNITS) {
        return { reason: `this body is too long, or has too many lines and Markdown marks (* _ \` [ ] < & \\ !), to be parsed in bounded time and memory: here it goes over the budget of ${MAX_MARKDOWN_UNITS.toLocaleString('en')} (each byte counts 1, each mark ${MARK_WEIGHT} more, each line ${LINE_WEIGHT} more); split it into several entries`, place: place(index) };
      }
    }
    start = end;
  }
  return null;
}

/** Where the paragraph that starts at `start` ends: after the next blank line, or at the end. */
function paragraphEnd(body: string, start: number): number {
  let index = start;
  for (;;) {
    const newline = body.indexOf('\n', index);
    if (newline === -1) return body.length;
    let next = newline + 1;
    while (next < body.length && (body.charCodeAt(next) === 32 || body.charCodeAt(next) === 9 || body.charCodeAt(next) === CARRIAGE_RETURN)) next++;
    if (next >= body.length || body.charCodeAt(next) === NEWLINE) return Math.min(body.length, next + 1);
    index = newline + 1;
  }
}

/**
 * What the parser reads ahead from a backtick run: to the paragraph's end when no later run of
 * the same length closes it; to that run when one does (and the span between costs no more).
 */
class Lookahead {
  #body: string;
  #end = 0;
  /** Positions of the paragraph's backtick runs by length, and how far each list has been passed. */
  #runs = new Map<number, { positions: number[]; next: number }>();
  /** Inside a code span up to here: runs before it cost nothing more. */
  #skipTo = 0;

  constructor(body: string) {
    this.#body = body;
  }

  paragraph(start: number, end: number): void {
    const body = this.#body;
    this.#end = end;
    this.#runs.clear();
    const first = body.indexOf('`', start);
    if (first === -1 || first >= end) return;
    for (let index = first; index < end; index++) {
      if (body.charCodeAt(index) !== BACKTICK || body.charCodeAt(index - 1) === BACKTICK) continue;
      const length = runLength(body, index);
      let runs = this.#runs.get(length);
      if (!runs) this.#runs.set(length, (runs = { positions: [], next: 0 }));
      runs.positions.push(index);
    }
  }

  /** The cost of the backtick at `index`. */
  cost(index: number): number {
    const body = this.#body;
    if (index < this.#skipTo || body.charCodeAt(index - 1) === BACKTICK) return 0;
    const length = runLength(body, index);
    const runs = this.#runs.get(length)!;
    while (runs.next < runs.positions.length && runs.positions[runs.next]! <= index) runs.next++;
    if (runs.next < runs.positions.length) {
      this.#skipTo = runs.positions[runs.next]! + length;
      return this.#skipTo - index;
    }
    return this.#end - index;
  }
}

function runLength(body: string, index: number): number {
  let length = 1;
  while (body.charCodeAt(index + length) === BACKTICK) length++;
  return length;
}

/** Line and column of `index` in the file. */
function placeOf(body: string, index: number, lineOffset: number): Place {
  let line = lineOffset + 1;
  let lineStart = 0;
  for (let at = body.indexOf('\n'); at !== -1 && at < index; at = body.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}

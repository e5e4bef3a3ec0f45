// Fenced code blocks for the fast path of plain-markdown.ts: where one starts, what it holds and
// where it ends, for the plainest form. An opening fence at the start of a line (no indentation)
// of three or more backticks or tildes, then nothing or a one-word info string (letters, digits,
// `_`, `+`, `-`: no escapes, references, spaces or meta); its content, lines taken as they are;
// a closing fence of the same character, at least as long, indented up to three spaces and
// followed by spaces only. Without a closing fence (the block would run to the end of its
// container) it is not taken. Pure.

const BACKTICK = 96;
const TILDE = 126;
const SPACE = 32;
const PLAIN_INFO = /^[A-Za-z0-9_+-]+$/;

export interface Fence {
  /** The line of the closing fence. */
  last: number;
  lang: string | null;
  /** Where the content starts and ends in the body (equal for no content). */
  valueStart: number;
  valueEnd: number;
}

/** Whether the line starting at `start` may open a fence (readFence says whether it does). */
export function mayOpenFence(body: string, start: number): boolean {
  const code = body.charCodeAt(start);
  return (code === BACKTICK || code === TILDE) && body.charCodeAt(start + 1) === code && body.charCodeAt(start + 2) === code;
}

/**
 * The fenced code block opening on line `first` (`lineStarts`: where each line of `body` starts),
 * or null when the line opens none or one not in the plain form above.
 */
export function readFence(body: string, lineStarts: readonly number[], first: number): Fence | null {
  const lineEnd = (line: number): number => (line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : body.length);
  const start = lineStarts[first]!;
  const end = lineEnd(first);
  const marker = body.charCodeAt(start);
  let index = start;
  while (index < end && body.charCodeAt(index) === marker) index++;
  const size = index - start;
  if (size < 3) return null;
  const info = body.slice(index, end);
  if (info !== '' && !PLAIN_INFO.test(info)) return null;
  for (let line = first + 1; line < lineStarts.length; line++) {
    if (closesFence(body, lineStarts[line]!, lineEnd(line), marker, size)) {
      const valueStart = lineStarts[first + 1]!;
      return { last: line, lang: info === '' ? null : info, valueStart, valueEnd: line === first + 1 ? valueStart : lineStarts[line]! - 1 };
    }
  }
  return null;
}

function closesFence(body: string, start: number, end: number, marker: number, size: number): boolean {
  let index = start;
  while (index < end && index - start < 3 && body.charCodeAt(index) === SPACE) index++;
  const runStart = index;
  while (index < end && body.charCodeAt(index) === marker) index++;
  if (index - runStart < size) return false;
  while (index < end && body.charCodeAt(index) === SPACE) index++;
  return index === end;
}

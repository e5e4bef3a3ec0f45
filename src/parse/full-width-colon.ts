// A field written with a Chinese keyboard's full-width colon (`title：标题`) or with a full-width
// space after the colon (`title:　标题`, U+3000): YAML reads neither as a field. Finds the first
// such line, for a message that names the character and shows the line as it should be. Pure.
import type { Place } from '../diagnostics.js';

/** A field name (ASCII, as the format's are), maybe as a list item, then `：` or `:` + U+3000. */
const FIELD = /^([ \t]*(?:- +)?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?:(：)|:(\u3000))/;

export interface FullWidthColon {
  message: string;
  place: Place;
}

/** `firstLine` is the file line on which `text` starts. */
export function findFullWidthColon(text: string, firstLine = 1): FullWidthColon | null {
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = FIELD.exec(line);
    if (!match) continue;
    const [whole, , key, colon] = match as unknown as [string, string, string, string | undefined];
    const column = whole.length; // the offending character is the last one matched
    const value = line.slice(whole.length).replace(/^[\s\u3000]+/, '').trimEnd();
    const fixed = `${key}: ${value.length > 20 ? `${value.slice(0, 20)}…` : value}`;
    const message = colon
      ? `"${key}：" is written with a full-width colon (：); a field needs an ASCII colon and a space: ${fixed}`
      : `the colon after "${key}" is followed by a full-width space (U+3000); a field needs an ASCII space after the colon: ${fixed}`;
    return { message, place: { line: firstLine + index, column } };
  }
  return null;
}

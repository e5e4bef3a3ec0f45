// The start of an entry's text, as term pages and feeds show it.

/**
 * The first `length` characters (code points) of `text`, and '…' if there is more. Counted in
 * place: spreading the text into an array of characters made ~9 KB of garbage per entry.
 */
export function excerptOf(text: string, length: number): string {
  // Fewer UTF-16 units than that: fewer characters too.
  if (text.length <= length) return text;
  let end = 0;
  for (let chars = 0; chars < length && end < text.length; chars++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return end < text.length ? `${text.slice(0, end)}…` : text;
}

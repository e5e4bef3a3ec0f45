// Case and width folding, one code point at a time, so that a query typed as "ＡＢＣ" or "abc"
// finds "ABC" and positions in the folded text stay those of the original text. The browser's
// search engine (public/assets/search-engine.js) folds the same way; the recall test holds them
// to it.

const folded = new Map<string, string>();

export function foldChar(char: string): string {
  const code = char.codePointAt(0)!;
  // CJK unified ideographs fold to themselves: the common case, kept off the slow path.
  if (code >= 0x4e00 && code <= 0x9fff) return char;
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : char;
  let result = folded.get(char);
  if (result === undefined) {
    const normal = char.normalize('NFKC').toLowerCase();
    result = [...normal].length === 1 ? normal : char;
    folded.set(char, result);
  }
  return result;
}

/** The text as an array of folded code points. */
export function foldText(text: string): string[] {
  return Array.from(text, foldChar);
}

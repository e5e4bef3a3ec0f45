// Case and width folding, one code point at a time, so that a query typed as "ＡＢＣ" or "abc"
// finds "ABC" and positions in the folded text stay those of the original text. The browser's
// search engine (public/assets/search-engine.js) folds the same way; the recall test holds them
// to it.

const folded = new Map<number, number>();

/** The folded code point of a code point. */
export function foldCode(code: number): number {
  // CJK unified ideographs fold to themselves: the common case, kept off the slow path.
  if (code >= 0x4e00 && code <= 0x9fff) return code;
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 32 : code;
  let result = folded.get(code);
  if (result === undefined) {
    const normal = [...String.fromCodePoint(code).normalize('NFKC').toLowerCase()];
    result = normal.length === 1 ? normal[0]!.codePointAt(0)! : code;
    folded.set(code, result);
  }
  return result;
}

/** The text as folded code points. */
export function foldCodes(text: string): number[] {
  const codes: number[] = [];
  for (const char of text) codes.push(foldCode(char.codePointAt(0)!));
  return codes;
}

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

/** Folded code point + 1 of every BMP character met so far; 0: not yet met. */
const foldedBmp = new Int32Array(0x10000);

/**
 * Writes the folded code points of `text` into `codes` from `start` on, and returns where they
 * end; `codes` needs room for text.length of them. The index builder folds the whole archive
 * with this, so nothing is allocated per character.
 */
export function foldCodesInto(text: string, codes: Int32Array, start: number): number {
  let at = start;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codes[at++] = foldCode(((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    let code = foldedBmp[unit]!;
    if (code === 0) code = foldedBmp[unit] = foldCode(unit) + 1;
    codes[at++] = code - 1;
  }
  return at;
}

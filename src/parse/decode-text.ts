// A content file's bytes -> text an editor meant to write, or the reason it is not text. Pure.
// Editors' files arrive from every platform: GBK-encoded Chinese, UTF-16 from Notepad, a BOM,
// CRLF line endings, or a picture renamed to .md. Each gets a message that says what to do.
import { isUtf8, transcode } from 'node:buffer';
import type { Place } from '../diagnostics.js';

export type DecodedText =
  | { ok: true; text: string }
  | { ok: false; ruleId: 'encoding' | 'binary-file'; reason: string; place: Place };

/** Bytes looked at to tell a binary file from text, as git does. */
const SNIFF_BYTES = 8000;

export function decodeText(bytes: Uint8Array): DecodedText {
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    return {
      ok: false,
      ruleId: 'encoding',
      reason: `file is ${utf16}-encoded, not UTF-8; re-save it as UTF-8 in your editor (in Notepad: Save as, Encoding: UTF-8), or convert it: \`iconv -f ${utf16} -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE\``,
      place: { line: 1, column: 1 },
    };
  }
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
    return { ok: false, ruleId: 'binary-file', reason: 'this is a binary file (an image or a document?), not Markdown text; move it out of content/ or save the text as UTF-8 Markdown', place: { line: 1, column: 1 } };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) return { ok: false, ruleId: 'encoding', reason: encodingAdvice(bytes), place: firstInvalidPlace(bytes) };
  // Leading byte-order marks are dropped, all of them (a file saved twice by a careless editor
  // can hold two), so none becomes part of a key or title or hides the frontmatter's fence.
  const text = utf8Text(buffer.subarray(utf8BomsLength(buffer)));
  if (buffer.indexOf(0, SNIFF_BYTES) !== -1) {
    return { ok: false, ruleId: 'binary-file', reason: 'this file contains NUL bytes, so it is binary, not Markdown text; move it out of content/', place: placeOfOffset(text, text.indexOf('\u0000')) };
  }
  // CRLF and lone CR become LF, so positions and output do not depend on the editor's platform.
  return { ok: true, text: buffer.indexOf(CR) === -1 ? text : text.replace(/\r\n?/g, '\n') };
}

const CR = 0x0d;

/** Bytes taken by the UTF-8 byte-order marks at the start of `bytes`. */
function utf8BomsLength(bytes: Uint8Array): number {
  let length = 0;
  while (bytes[length] === 0xef && bytes[length + 1] === 0xbb && bytes[length + 2] === 0xbf) length += 3;
  return length;
}

/**
 * The text of bytes known to be valid UTF-8. Converted to UTF-16 first (ICU does that several
 * times faster than V8 builds a string from UTF-8: Chinese text is most of an archive), then
 * taken as UTF-16 as it is; the same text either way.
 */
function utf8Text(valid: Buffer): string {
  return typeof transcode === 'function' ? transcode(valid, 'utf8', 'ucs2').toString('ucs2') : valid.toString('utf8');
}

function utf16Kind(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  return null;
}

function encodingAdvice(bytes: Uint8Array): string {
  return looksLikeGbk(bytes)
    ? 'file is not UTF-8: it looks GBK (GB2312/GB18030)-encoded, as Chinese Windows editors save by default; convert it with `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`, or re-save it as UTF-8 in your editor'
    : 'file is not UTF-8 text; re-save it as UTF-8 in your editor';
}

/** GBK lead bytes 0x81-0xFE followed by a trail byte 0x40-0xFE, for most non-ASCII bytes. */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let pairs = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte < 0x80) continue;
    high++;
    const next = bytes[i + 1];
    if (byte >= 0x81 && byte <= 0xfe && next !== undefined && next >= 0x40 && next <= 0xfe && next !== 0x7f) {
      pairs++;
      high++;
      i++;
    }
  }
  return high > 0 && pairs * 2 >= high * 0.9;
}

/**
 * Line and column (in characters) of the first byte that is not UTF-8. A streaming decoder
 * accepts a cut-off sequence at the end of a prefix but rejects an invalid one, so "the prefix
 * decodes" holds up to the first bad byte and never after it: a binary search finds that byte.
 */
function firstInvalidPlace(bytes: Uint8Array): Place {
  const decodes = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(middle)) good = middle;
    else bad = middle;
  }
  // bytes[0, good) is valid up to a possibly unfinished character, which starts the bad one.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, good), { stream: true });
  return placeOfOffset(before, before.length);
}

function placeOfOffset(text: string, offset: number): Place {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  // Columns count characters (code points), as editors show them.
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

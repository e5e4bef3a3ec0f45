// Parts of a page that go into it as they are, as bytes when they are bytes: an entry's HTML
// (entryBody(view)) and an entry's summary (entrySummary(entry), made once and kept as UTF-8).
// nunjucks gets a placeholder where the page's output takes such a fragment, and the page's bytes
// are made by putting each fragment's UTF-8 in its place. An issue page is then a string of
// ~10,000 characters, not ~43,000, and a term page hardly more than its header: V8 no longer
// makes a flat copy of every page's whole text to encode it, and summaries, listed five or six
// times each, are neither kept as strings nor encoded again for every page.
//
// DIGEST_NO_PAGE_FRAGMENTS=1 turns this off (every fragment goes in as text, as a partial rendered
// for many pages always does): the same bytes (test/speed-device-switches.test.ts), for measuring
// what it saves (docs/benchmarks.md, "What each speed device pays").
import { randomBytes } from 'node:crypto';
import nunjucks from 'nunjucks';

/** Whether pages take fragments as bytes (false under DIGEST_NO_PAGE_FRAGMENTS=1). Read once per process. */
export const PAGE_FRAGMENTS = process.env.DIGEST_NO_PAGE_FRAGMENTS !== '1';

type Source = string | Uint8Array;

const textOf = (source: Source): string => (typeof source === 'string' ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('utf8'));

/** Where one page's fragments go, and then its bytes. */
export class PageFragments {
  /**
   * Opens a placeholder: a NUL and a nonce no content or template can guess, then '&', which
   * escaping changes (a placeholder in a string that was escaped must not become raw HTML); the
   * fragment's index and a NUL close it.
   */
  readonly #open = `\u0000${randomBytes(6).toString('base64url')}&`;
  #fragments: Source[] = [];
  /** Fragments are given as text (a page being rendered again, a partial rendered for many pages). */
  #plain = 0;

  /** HTML for a page, as a template gets it: `html`, or its UTF-8 and its length in UTF-16 units. */
  fragment(html: string): nunjucks.runtime.SafeString;
  fragment(bytes: Uint8Array, length: number): nunjucks.runtime.SafeString;
  fragment(source: Source, length?: number): nunjucks.runtime.SafeString {
    if (this.#plain > 0 || !PAGE_FRAGMENTS) return new nunjucks.runtime.SafeString(textOf(source));
    return new Fragment(source, length ?? (source as string).length, this);
  }

  /** The placeholder of `source` in the page being rendered. */
  place(source: Source): string {
    if (this.#plain > 0 || !PAGE_FRAGMENTS) return textOf(source);
    this.#fragments.push(source);
    return `${this.#open}${this.#fragments.length - 1}\u0000`;
  }

  /** Renders with fragments given as text: what `render` makes is kept beyond one page. */
  plain<T>(render: () => T): T {
    this.#plain++;
    try {
      return render();
    } finally {
      this.#plain--;
    }
  }

  /** Renders a page: its bytes with every fragment in its place, or the page itself when it has none. */
  page(render: () => string): string | Uint8Array {
    this.#fragments = [];
    const output = render();
    const bytes = this.#fragments.length === 0 ? output : this.#splice(output);
    this.#fragments = [];
    // A template changed a placeholder (escaped it, or a filter over a block holding one went
    // over it): the page again, with every fragment as text, as the template would have it.
    return bytes ?? this.plain(render);
  }

  /** Null when a placeholder is not as it was placed: a NUL is left over. */
  #splice(output: string): Uint8Array | null {
    const parts = output.split(this.#open);
    const pieces: Source[] = [parts[0]!];
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      const end = part.indexOf('\u0000');
      const digits = part.slice(0, end);
      const fragment = end > 0 && /^\d+$/.test(digits) ? this.#fragments[Number(digits)] : undefined;
      if (fragment === undefined) return null;
      pieces.push(fragment, part.slice(end + 1));
    }
    // Only placeholders hold NULs (Markdown has none; a page with one from elsewhere is merely
    // rendered twice).
    for (let i = 0; i < pieces.length; i += 2) if ((pieces[i] as string).includes('\u0000')) return null;
    let size = 0;
    for (const piece of pieces) size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength;
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const piece of pieces) {
      if (typeof piece === 'string') at += bytes.write(piece, at);
      else {
        bytes.set(piece, at);
        at += piece.byteLength;
      }
    }
    return bytes;
  }
}

/**
 * HTML marked safe. Added to a page's output (nunjucks' `output += value`: a conversion without
 * a hint, as `~` and `+` in a template make too) it becomes a placeholder; every other use (a
 * filter, a test, a method of strings: conversions to a string) sees the HTML.
 */
class Fragment extends nunjucks.runtime.SafeString {
  readonly #source: Source;
  readonly #fragments: PageFragments;

  constructor(source: Source, length: number, fragments: PageFragments) {
    super('');
    this.length = length;
    this.#source = source;
    this.#fragments = fragments;
  }

  override valueOf(): string {
    return textOf(this.#source);
  }

  override toString(): string {
    return textOf(this.#source);
  }

  [Symbol.toPrimitive](hint: string): string {
    return hint === 'default' ? this.#fragments.place(this.#source) : textOf(this.#source);
  }
}

// An entry's HTML goes into its page as bytes. entryBody(view) hands nunjucks a placeholder where
// the page's output takes it, and the page's bytes are made by putting each body's UTF-8 in its
// place. An issue page is then a string of ~10,000 characters, not ~43,000: V8 no longer makes a
// flat copy of every issue page's whole text to encode it (~100 MB at 15,000 entries, most of it
// kept in the old generation until a full collection).
import { randomBytes } from 'node:crypto';
import nunjucks from 'nunjucks';

/** Where one page's bodies go, and then its bytes. */
export class EntryBodies {
  /**
   * Opens a placeholder: a NUL and a nonce no content or template can guess, then '&', which
   * escaping changes (a placeholder in a string that was escaped must not become raw HTML); the
   * body's index and a NUL close it.
   */
  readonly #open = `\u0000${randomBytes(6).toString('base64url')}&`;
  #bodies: string[] = [];
  /** Bodies are given as HTML (a page being rendered again, a partial rendered for many pages). */
  #plain = 0;

  /** What entryBody(view) returns for an entry whose HTML is `html`. */
  body(html: string): nunjucks.runtime.SafeString {
    return this.#plain > 0 ? new nunjucks.runtime.SafeString(html) : new EntryBody(html, this);
  }

  /** The placeholder of `html` in the page being rendered. */
  place(html: string): string {
    if (this.#plain > 0) return html;
    this.#bodies.push(html);
    return `${this.#open}${this.#bodies.length - 1}\u0000`;
  }

  /** Renders with bodies given as HTML: what `render` makes is kept beyond one page. */
  plain<T>(render: () => T): T {
    this.#plain++;
    try {
      return render();
    } finally {
      this.#plain--;
    }
  }

  /** Renders a page: its bytes with every body in its place, or the page itself when it has none. */
  page(render: () => string): string | Uint8Array {
    this.#bodies = [];
    const output = render();
    const bytes = this.#bodies.length === 0 ? output : this.#splice(output);
    this.#bodies = [];
    // A template changed a placeholder (escaped it, or a filter over a block holding one went
    // over it): the page again, with every body as HTML, as the template would have it.
    return bytes ?? this.plain(render);
  }

  /** Null when a placeholder is not as it was placed: a NUL is left over. */
  #splice(output: string): Uint8Array | null {
    const parts = output.split(this.#open);
    const pieces = [parts[0]!];
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      const end = part.indexOf('\u0000');
      const digits = part.slice(0, end);
      const body = end > 0 && /^\d+$/.test(digits) ? this.#bodies[Number(digits)] : undefined;
      if (body === undefined) return null;
      pieces.push(body, part.slice(end + 1));
    }
    // Only placeholders hold NULs (Markdown has none; a page with one from elsewhere is merely
    // rendered twice).
    for (let i = 0; i < pieces.length; i += 2) if (pieces[i]!.includes('\u0000')) return null;
    let size = 0;
    for (const piece of pieces) size += Buffer.byteLength(piece);
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const piece of pieces) at += bytes.write(piece, at);
    return bytes;
  }
}

/**
 * An entry's HTML, marked safe. Added to a page's output (nunjucks' `output += value`: a
 * conversion without a hint, as `~` and `+` in a template make too) it becomes a placeholder;
 * every other use (a filter, a test, a method of strings: conversions to a string) sees the HTML.
 */
class EntryBody extends nunjucks.runtime.SafeString {
  readonly #bodies: EntryBodies;

  constructor(html: string, bodies: EntryBodies) {
    super(html);
    this.#bodies = bodies;
  }

  [Symbol.toPrimitive](hint: string): string {
    const html = this.valueOf() as string;
    return hint === 'default' ? this.#bodies.place(html) : html;
  }
}

// Characters of text that no output may carry as they are, or that mislead readers. XML 1.0
// forbids C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and lone surrogates: one in a
// title makes every feed listing it unreadable, so they are replaced where text enters the
// model. Bidirectional controls are legal everywhere but reorder what readers see (a title can
// show reversed), so they are only warned about. Pure.

/** One character XML forbids: a C0 control but tab, LF, CR; U+FFFE, U+FFFF; a lone surrogate. */
const XML_FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]/u;
const XML_FORBIDDEN_ALL = new RegExp(XML_FORBIDDEN.source, 'gu');
/** Embeddings, overrides and isolates: U+202A-U+202E, U+2066-U+2069. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

export type CharacterKind = 'control-character' | 'bidi-control';

/** What is wrong with `char` (one code point or lone surrogate), or null. */
export function characterKind(char: string): CharacterKind | null {
  if (XML_FORBIDDEN.test(char)) return 'control-character';
  if (BIDI_CONTROL.test(char)) return 'bidi-control';
  return null;
}

/** Whether `text` holds a character of either kind. */
export function hasSuspectCharacter(text: string): boolean {
  return XML_FORBIDDEN.test(text) || BIDI_CONTROL.test(text);
}

export function hasXmlForbidden(text: string): boolean {
  return XML_FORBIDDEN.test(text);
}

/**
 * `text` with every character XML forbids replaced by one UTF-16 unit, so positions stay:
 * vertical tab and form feed (Word's line and page breaks) by a space, the others by U+FFFD.
 */
export function replaceXmlForbidden(text: string): string {
  if (!XML_FORBIDDEN.test(text)) return text;
  return text.replace(XML_FORBIDDEN_ALL, (char) => (char === '\v' || char === '\f' ? ' ' : '\uFFFD'));
}

const NAMES: Record<number, string> = {
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1b: 'escape',
  0xfffe: 'noncharacter',
  0xffff: 'noncharacter',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

/** `U+000B (vertical tab)`. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const name = NAMES[code] ?? (code >= 0xd800 && code <= 0xdfff ? 'lone surrogate' : 'control character');
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${name})`;
}

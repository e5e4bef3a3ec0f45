// The frontmatter nearly every entry has, read without the general YAML parser: lines of
// `key: plain text`, `key: 'quoted'`, `key: [a, "b"]` and `key:` followed by `- item` or
// `- "quoted item"` lines (as other tools write lists), with `# comment` lines and comments after
// values. The result is exactly what splitFrontmatter (gray-matter + yaml) gives for the same
// text. Anything this reader is not certain about (escapes, anchors, tags, nesting, multi-line
// values, values YAML reads as other than text, a small whole number or true/false, ...) makes
// it return null, and the general path reads the file. test/simple-frontmatter.test.ts compares both on
// real, generated and mutated files.
import { Schema, type ParseOptions } from 'yaml';
import type { Frontmatter } from './frontmatter.js';
import type { Places } from './yaml.js';

interface PlainTag {
  tag: string;
  format?: string | undefined;
  test: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: ParseOptions) => unknown;
}

/** The tags the YAML core schema tries on a plain scalar, in the order the library tries them. */
const PLAIN_TAGS: readonly PlainTag[] = new Schema({ schema: 'core' }).tags.filter(
  (tag): tag is typeof tag & PlainTag => tag.default === true && 'test' in tag && tag.test instanceof RegExp,
);
const DECIMAL_INT = PLAIN_TAGS.find((tag) => tag.tag === 'tag:yaml.org,2002:int' && tag.format === undefined);
const BOOLEAN = PLAIN_TAGS.find((tag) => tag.tag === 'tag:yaml.org,2002:bool');
/** Matches what any of PLAIN_TAGS matches (their tests carry no flags): one test rules them all out for most text. */
const ANY_PLAIN_TAG = new RegExp(PLAIN_TAGS.map((tag) => `(?:${tag.test.source})`).join('|'));
const RESOLVE_OPTIONS: ParseOptions = { intAsBigInt: false };

/** Characters YAML treats specially anywhere (tabs, CR, controls, BOM, line separators, lone surrogates). */
const SPECIAL_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Characters that give a plain scalar's first character a meaning (YAML's indicators, and space). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@` ]/;
/** A key is a plain ASCII word; anything else goes the general way. */
const KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,99}:/;

/** The frontmatter of `text` when it is simple, else null. */
export function readSimpleFrontmatter(text: string): Frontmatter | null {
  if (!text.startsWith('---\n')) return null;
  // gray-matter ends the frontmatter at the first line that starts with ---.
  const close = text.indexOf('\n---', 3);
  if (close === -1 || text.charCodeAt(close + 4) !== 10) return null;
  if (SPECIAL_CHARACTER.test(text.slice(4, close))) return null;

  const data: Record<string, unknown> = {};
  const places: Places = Object.create(null) as Places;
  /** A `key:` with nothing after it: `- item` lines may follow. */
  let open: { key: string; items: unknown[]; indent: number } | null = null;
  let line = 2;
  let firstKeyLine = 0;
  for (let start = 4; start <= close; line++) {
    const end = text.indexOf('\n', start);
    const lineText = text.slice(start, end);
    start = end + 1;
    if (lineText === '') {
      // A blank line between `key:` and its first item is legal YAML, but not worth the doubt.
      if (open && open.items.length === 0) return null;
      if (open) data[open.key] = open.items;
      open = null;
      continue;
    }
    const dash = lineText.search(/[^ ]/);
    // A comment line, wherever it is indented, is nothing to YAML (and leaves an open list open).
    if (lineText[dash] === '#') continue;
    if (lineText[dash] === '-' && lineText[dash + 1] === ' ') {
      if (!open || (open.items.length > 0 && dash !== open.indent)) return null;
      open.indent = dash;
      const valueStart = lineText.slice(dash + 1).search(/[^ ]/) + dash + 1;
      const value = valueStart > dash + 1 ? scalarValue(lineText.slice(valueStart)) : undefined;
      if (value === undefined) return null;
      places[`${open.key}.${open.items.length}`] = { line, column: valueStart + 1 };
      open.items.push(value);
      continue;
    }
    const keyMatch = KEY.exec(lineText);
    if (!keyMatch) return null;
    if (open) data[open.key] = open.items.length > 0 ? open.items : null;
    open = null;
    const key = keyMatch[0].slice(0, -1);
    // A second `title:` is an error; a key such as `constructor` needs the library's own care.
    if (key in data || plainValue(key) !== key) return null;
    places[key] = { line, column: 1 };
    if (firstKeyLine === 0) firstKeyLine = line;
    const rest = trimSpacesEnd(lineText.slice(keyMatch[0].length));
    if (rest === '') {
      open = { key, items: [], indent: 0 };
      data[key] = null;
      continue;
    }
    if (rest[0] !== ' ') return null;
    const valueStart = keyMatch[0].length + rest.search(/[^ ]/);
    if (lineText[valueStart] === '[') {
      const value = withoutComment(trimSpacesEnd(lineText.slice(valueStart)));
      const items = value === undefined ? null : flowItems(value, key, line, valueStart, places);
      if (!items) return null;
      data[key] = items;
    } else {
      const resolved = scalarValue(lineText.slice(valueStart));
      if (resolved === undefined) return null;
      data[key] = resolved;
    }
  }
  if (open) data[open.key] = open.items.length > 0 ? open.items : null;
  if (firstKeyLine === 0) return null;
  places[''] = { line: firstKeyLine, column: 1 };
  // `line` is now the closing ---.
  const endLine = line;
  return { data, places, body: text.slice(close + 5), bodyLineOffset: endLine, endLine };
}

/** The items of a one-line `[a, 'b', "c"]` of plain or quoted scalars, with their places; null when unsure. */
function flowItems(value: string, key: string, line: number, valueStart: number, places: Places): unknown[] | null {
  const end = value.length - 1;
  if (value[end] !== ']') return null;
  if (end === 1) return [];
  const items: unknown[] = [];
  for (let index = 1; ; ) {
    while (value.charCodeAt(index) === 32) index++;
    if (index >= end) return null;
    let next: number;
    let resolved: unknown;
    if (value[index] === '"' || value[index] === "'") {
      const close = closingQuote(value, index);
      if (close < 0 || close >= end) return null;
      resolved = quotedValue(value.slice(index, close + 1));
      next = close + 1;
      while (value.charCodeAt(next) === 32) next++;
    } else {
      next = value.indexOf(',', index);
      if (next < 0 || next > end) next = end;
      const part = value.slice(index, next);
      resolved = /[[\]{}:#]/.test(part) ? undefined : plainValue(trimSpacesEnd(part));
    }
    if (resolved === undefined) return null;
    places[`${key}.${items.length}`] = { line, column: valueStart + index + 1 };
    items.push(resolved);
    if (next === end) return items;
    if (value[next] !== ',') return null;
    index = next + 1;
  }
}

/** A one-line scalar, quoted or plain, with a comment after it or none; undefined when unsure. */
function scalarValue(source: string): string | number | boolean | undefined {
  const value = withoutComment(trimSpacesEnd(source));
  if (value === undefined) return undefined;
  return value[0] === "'" || value[0] === '"' ? quotedValue(value) : plainValue(value);
}

/**
 * A value without the ` # comment` after it (and the spaces before that); undefined when nothing
 * but a comment is left. Unchanged when no comment can be told apart for sure: the readers of
 * the value then decline what they do not know.
 */
function withoutComment(value: string): string | undefined {
  let from = 0;
  if (value[0] === "'" || value[0] === '"' || value[0] === '[') {
    const close = value[0] === '[' ? value.indexOf(']') : closingQuote(value, 0);
    if (close < 0) return value;
    from = close + 1;
  }
  const hash = value.indexOf(' #', from);
  if (hash < 0) return value;
  // Only spaces between a quoted value or a list and its comment (in a plain value, ` #` always starts one).
  if (from > 0 && value.slice(from, hash).trim() !== '') return value;
  const kept = trimSpacesEnd(value.slice(0, hash));
  return kept === '' ? undefined : kept;
}

/** Where the quoted scalar starting at `start` ends (its closing quote), or -1. */
function closingQuote(value: string, start: number): number {
  const quote = value[start]!;
  for (let index = start + 1; index < value.length; index++) {
    if (value[index] !== quote) continue;
    if (quote === "'" && value[index + 1] === "'") {
      index++;
      continue;
    }
    return index;
  }
  return -1;
}

/**
 * A one-line quoted scalar, always text: 'it''s' (a doubled quote is one quote), or "text" with
 * no backslash escapes. undefined for anything else, such as text after the closing quote.
 */
function quotedValue(source: string): string | undefined {
  const inner = source.slice(1, -1);
  if (source.length < 2 || source[source.length - 1] !== source[0]) return undefined;
  if (source[0] === "'") return /^(?:[^']|'')*$/.test(inner) ? inner.replaceAll("''", "'") : undefined;
  return /["\\]/.test(inner) ? undefined : inner;
}

/** YAML's white space is spaces and tabs only (no tabs get here); String#trim takes more, such as U+3000. */
function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/**
 * A one-line plain scalar as the core schema reads it: text, a whole number small enough to be
 * exact (`number: 641`), or true/false (`draft: true`). undefined when it is anything else, or
 * might not be a plain scalar at all.
 */
function plainValue(source: string): string | number | boolean | undefined {
  if (source === '' || INDICATOR_START.test(source) || source.includes(': ') || source.endsWith(':') || source.includes(' #')) return undefined;
  const tag = ANY_PLAIN_TAG.test(source) ? PLAIN_TAGS.find((candidate) => candidate.test.test(source)) : undefined;
  if (tag === undefined) return source;
  const value = tag === DECIMAL_INT || tag === BOOLEAN ? tag.resolve(source, () => undefined, RESOLVE_OPTIONS) : undefined;
  return (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'boolean' ? value : undefined;
}

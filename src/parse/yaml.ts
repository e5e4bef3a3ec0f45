// YAML with positions: every key of a mapping and item of a list is traced back to its line and
// column, so a schema problem points at the offending key. The result is plain data (it can be
// cached or sent to a worker). The core schema keeps `2022-11-21` a string: dates stay calendar
// dates instead of becoming instants at UTC midnight.
import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { Place } from '../diagnostics.js';
import { findFullWidthColon } from './full-width-colon.js';

/** Places by path: '' is the document, 'source' a key, 'source.1' an item of its list. */
export type Places = Record<string, Place>;

export interface YamlResult {
  data: unknown;
  places: Places;
  error?: { message: string; place: Place };
}

/** Aliases a document may expand; more is a "billion laughs" attack, not a digest. */
const MAX_ALIASES = 100;

/** `firstLine` is the file line on which `text` starts, so positions are file positions. */
export function parseYaml(text: string, firstLine = 1): YamlResult {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library's warnings would go to process.emitWarning (stderr) instead
  // of onto the file.
  const doc = parseDocument(text, { schema: 'core', lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const toPlace = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  // No prototype: a key named `__proto__` or `constructor` is a key like any other.
  const places: Places = Object.create(null) as Places;
  places[''] = doc.contents?.range ? toPlace(doc.contents.range[0]) : { line: firstLine, column: 1 };
  const collect = (node: unknown, prefix: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const key = prefix + String(pair.key.value);
        places[key] = toPlace(pair.key.range[0]);
        collect(pair.value, `${key}.`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as { range?: [number, number, number] } | null)?.range;
        if (range) places[prefix + index] = toPlace(range[0]);
        collect(item, `${prefix}${index}.`);
      });
    }
  };
  collect(doc.contents, '');
  const first = doc.errors[0];
  // A Chinese keyboard's colon makes a field into text: an error, or a document that is all text.
  if (first || isScalar(doc.contents)) {
    const colon = findFullWidthColon(text, firstLine);
    if (colon) return { data: undefined, places, error: colon };
  }
  if (first) {
    const { message, offset } = describeError(doc, first);
    return { data: undefined, places, error: { message, place: toPlace(offset) } };
  }
  const alias = unresolvedAlias(doc);
  if (alias) {
    return { data: undefined, places, error: { message: `alias *${alias.name} refers to no anchor &${alias.name} above it`, place: toPlace(alias.offset) } };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIASES }), places };
  } catch (error) {
    // Too many alias expansions: refuse rather than build a huge value.
    return { data: undefined, places, error: { message: firstLineOf((error as Error).message), place: places[''] } };
  }
}

/** The parser's message and offset, moved to where an unclosed bracket or quote was opened. */
function describeError(doc: Document, error: YAMLError): { message: string; offset: number } {
  const offset = error.pos[0];
  const message = firstLineOf(error.message);
  if (/call stack/i.test(message)) return { message: 'lists or mappings are nested far too deeply here', offset: 0 };
  if (error.code === 'BAD_INDENT' || error.code === 'MISSING_CHAR') {
    const opened = unclosedNodeAt(doc, offset);
    if (opened) return { message: `${opened.what} that starts here is never closed; close it with ${opened.closer} (${message})`, offset: opened.start };
  }
  if (error.code === 'DUPLICATE_KEY') return { message: 'this field is given twice; keep only one of them', offset };
  if (error.code === 'TAB_AS_INDENT') return { message: 'a tab indents this line; YAML needs spaces', offset };
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') {
    return { message: `${message}: a value containing ": " must be put in quotes (title: "A: B"), and a field must not be indented under another`, offset };
  }
  return { message, offset };
}

function unclosedNodeAt(doc: Document, offset: number): { what: string; closer: string; start: number } | null {
  let found: { what: string; closer: string; start: number } | null = null;
  visit(doc, (_key, node) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range || range[0] >= offset || range[1] < offset) return;
    if (isCollection(node) && node.flow) {
      found = isSeq(node) ? { what: 'the list [', closer: ']', start: range[0] } : { what: 'the mapping {', closer: '}', start: range[0] };
    } else if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
      found = { what: `the quoted text ${quote}`, closer: quote, start: range[0] };
    }
  });
  return found;
}

function unresolvedAlias(doc: Document): { name: string; offset: number } | null {
  let found: { name: string; offset: number } | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function firstLineOf(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Where the value at `path` was written, or its nearest written parent. */
export function placeIn(places: Places, path: readonly (string | number)[]): Place {
  for (let length = path.length; length > 0; length--) {
    const key = path.slice(0, length).join('.');
    if (Object.hasOwn(places, key)) return places[key]!;
  }
  return places[''] ?? { line: 1, column: 1 };
}

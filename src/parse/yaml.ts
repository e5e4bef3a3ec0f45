// YAML with positions: every key of a mapping and item of a list is traced back to its line and
// column, so a schema problem points at the offending key. The result is plain data (it can be
// cached or sent to a worker). The core schema keeps `2022-11-21` a string: dates stay calendar
// dates instead of becoming instants at UTC midnight.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Place } from '../diagnostics.js';

/** Places by path: '' is the document, 'source' a key, 'source.1' an item of its list. */
export type Places = Record<string, Place>;

export interface YamlResult {
  data: unknown;
  places: Places;
  error?: { message: string; place: Place };
}

/** `firstLine` is the file line on which `text` starts, so positions are file positions. */
export function parseYaml(text: string, firstLine = 1): YamlResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPlace = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  const places: Places = { '': doc.contents?.range ? toPlace(doc.contents.range[0]) : { line: firstLine, column: 1 } };
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
  if (first) {
    const reason = first.message.split('\n')[0] ?? first.message;
    return { data: undefined, places, error: { message: reason, place: toPlace(first.pos[0]) } };
  }
  return { data: doc.toJS({ maxAliasCount: 100 }), places };
}

/** Where the value at `path` was written, or its nearest written parent. */
export function placeIn(places: Places, path: readonly (string | number)[]): Place {
  for (let length = path.length; length > 0; length--) {
    const place = places[path.slice(0, length).join('.')];
    if (place) return place;
  }
  return places[''] ?? { line: 1, column: 1 };
}

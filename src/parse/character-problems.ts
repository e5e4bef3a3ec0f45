// Warnings about the characters of text-characters.ts in a content file or site.yml, and the
// text and data with the ones XML forbids replaced: where text enters the model, so that no page,
// feed, sitemap or index can carry them. Raw characters are placed at their line and column;
// those written as YAML escapes ("\v", "\u202E") at the key of their field. Pure.
import type { Place } from '../diagnostics.js';
import { characterKind, describeCharacter, hasSuspectCharacter, hasXmlForbidden, replaceXmlForbidden, type CharacterKind } from './text-characters.js';
import { placeIn, type Places } from './yaml.js';

export interface CharacterProblem {
  ruleId: CharacterKind;
  reason: string;
  place: Place;
}

/** Messages of one kind a file gets before the rest are counted in one more. */
const MAX_REPORTED = 10;
const SUSPECT = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}\u202A-\u202E\u2066-\u2069]/gu;

export interface TextCharacters {
  /** The text with every character XML forbids replaced (same length: places stay). */
  text: string;
  problems: CharacterProblem[];
}

/** The characters in `text` (a whole file), each placed at its line and column (in code points, as editors count). */
export function textCharacters(text: string): TextCharacters {
  if (!hasSuspectCharacter(text)) return { text, problems: [] };
  const problems: CharacterProblem[] = [];
  const counts = { 'control-character': 0, 'bidi-control': 0 };
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(SUSPECT)) {
    const kind = characterKind(match[0])!;
    // Places only for the messages shown: a file full of them costs one pass.
    if (++counts[kind] > MAX_REPORTED + 1) continue;
    for (let next = text.indexOf('\n', scanned); next !== -1 && next < match.index; next = text.indexOf('\n', next + 1)) {
      line++;
      lineStart = next + 1;
    }
    scanned = match.index;
    problems.push({ ruleId: kind, reason: reasonFor(kind, match[0], ''), place: { line, column: codePoints(text, lineStart, match.index) + 1 } });
  }
  return { text: replaceXmlForbidden(text), problems: limited(problems, counts) };
}

export interface DataCharacters {
  /** The data with every character XML forbids replaced in its strings (the same object when none). */
  data: Record<string, unknown>;
  problems: CharacterProblem[];
}

/**
 * The characters in the string values of frontmatter or site.yml data: a field with control
 * characters (left after textCharacters replaced the raw ones, so written as escapes) or with
 * bidirectional controls gets a message at its key, unless `raw` has one for the lines of
 * that field already.
 */
export function dataCharacters(data: Record<string, unknown>, places: Places, raw: readonly CharacterProblem[] = []): DataCharacters {
  const problems: CharacterProblem[] = [];
  const keyLines = [...new Set(Object.values(places).map((place) => place.line))].sort((a, b) => a - b);
  const reportedRaw = (kind: CharacterKind, place: Place): boolean => {
    const end = keyLines.find((line) => line > place.line) ?? Infinity;
    return raw.some((problem) => problem.ruleId === kind && problem.place.line >= place.line && problem.place.line < end);
  };
  const visit = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      if (!hasSuspectCharacter(value)) return value;
      for (const kind of ['control-character', 'bidi-control'] as const) {
        const char = [...value].find((c) => characterKind(c) === kind);
        if (char === undefined) continue;
        const place = placeIn(places, path);
        if (kind === 'bidi-control' && reportedRaw(kind, place)) continue;
        problems.push({ ruleId: kind, reason: reasonFor(kind, char, path.join('.')), place });
      }
      return hasXmlForbidden(value) ? replaceXmlForbidden(value) : value;
    }
    if (Array.isArray(value)) {
      const items = value.map((item, index) => visit(item, [...path, index]));
      return items.every((item, index) => item === value[index]) ? value : items;
    }
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      let copy: Record<string, unknown> | null = null;
      for (const key of Object.keys(record)) {
        const cleaned = visit(record[key], [...path, key]);
        if (cleaned !== record[key]) (copy ??= Object.assign(Object.create(Object.getPrototypeOf(record) as object | null) as Record<string, unknown>, record))[key] = cleaned;
      }
      return copy ?? record;
    }
    return value;
  };
  const cleaned = visit(data, []) as Record<string, unknown>;
  const counts = { 'control-character': 0, 'bidi-control': 0 };
  for (const problem of problems) counts[problem.ruleId]++;
  return { data: cleaned, problems: limited(problems, counts) };
}

function reasonFor(kind: CharacterKind, char: string, field: string): string {
  const where = field === '' ? '' : ` in ${field}`;
  if (kind === 'control-character') {
    const written = char === '\v' || char === '\f' ? 'a space' : 'U+FFFD (�)';
    return `${describeCharacter(char)}${where} is not allowed in XML, so no feed could carry it (such characters often come from pasting out of Word); it is written as ${written}: delete it or type what was meant`;
  }
  return `${describeCharacter(char)}${where} reorders the text around it as readers see it (a title can show reversed, a name disguised); delete it unless right-to-left text needs it`;
}

/** At most MAX_REPORTED messages of each kind, and one that counts the rest (`counts` of each kind found). */
function limited(problems: CharacterProblem[], counts: Record<CharacterKind, number>): CharacterProblem[] {
  const kept: CharacterProblem[] = [];
  for (const kind of ['control-character', 'bidi-control'] as const) {
    const ofKind = problems.filter((problem) => problem.ruleId === kind);
    kept.push(...ofKind.slice(0, MAX_REPORTED));
    if (counts[kind] > MAX_REPORTED) {
      const what = kind === 'control-character' ? 'control characters' : 'bidirectional controls';
      kept.push({ ruleId: kind, reason: `${counts[kind] - MAX_REPORTED} more ${what} from here on in this file`, place: ofKind[MAX_REPORTED]!.place });
    }
  }
  return kept.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
}

function codePoints(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

// gray-matter splits frontmatter from body; YAML is parsed by parse/yaml.ts so keys keep their
// lines. gray-matter caches results by content string and hands out shared objects unless it is
// given options (its issues #129 and #174), so it is always called with options here.
//
// Content is untrusted, and gray-matter evaluates a fence that names JavaScript (`---js`) with
// eval. So no fence may name a language: the opening line must be `---` alone, checked here on
// the very text gray-matter is given (its own byte-order-mark stripping included), and every
// engine it has is replaced by one that parses nothing or refuses.
import matter from 'gray-matter';
import type { Place } from '../diagnostics.js';
import { parseYaml, type Places } from './yaml.js';

export interface Frontmatter {
  data: Record<string, unknown>;
  places: Places;
  /** The Markdown body. */
  body: string;
  /** How many lines of the file precede the body: body line 1 is file line bodyLineOffset + 1. */
  bodyLineOffset: number;
  /** Line of the closing `---`; 0 when the file has no frontmatter. */
  endLine: number;
  /** `recovered`: the frontmatter was read all the same. `language`: the fence names one (`---js`). */
  error?: { message: string; place: Place; recovered?: boolean; language?: boolean };
}

const noEngine = { parse: () => ({}) };
const refusingEngine = {
  parse: (): never => {
    throw new Error('frontmatter names a language other than YAML');
  },
};
/** What gray-matter would take for the name of a parser after the opening ---. */
const LANGUAGE_NAME = /^[a-z][a-z0-9+-]*$/i;
/** Every engine and alias gray-matter knows of: YAML is read by parse/yaml.ts, the others never. */
const ENGINES = { yaml: noEngine, yml: noEngine, json: refusingEngine, javascript: refusingEngine, js: refusingEngine, coffee: refusingEngine, coffeescript: refusingEngine, cson: refusingEngine };

export function splitFrontmatter(source: string): Frontmatter {
  // gray-matter drops one byte-order mark itself; every leading one goes here, before the fence
  // is looked for, so the fence it sees is the one checked below.
  const text = source.replace(/^\uFEFF+/, '');
  // Blank lines above the opening `---` hide the frontmatter from every parser: say so, and read
  // it anyway, so the rest of the file is checked as the editor meant it.
  const late = /^(?:[ \t]*\n)+(?=---[ \t]*\n)/.exec(text);
  if (late) {
    const skipped = late[0].split('\n').length - 1;
    const result = split(text.slice(late[0].length), skipped);
    if (!result.error) {
      result.error = { message: 'frontmatter must start on the first line of the file; delete the blank lines above this ---', place: { line: skipped + 1, column: 1 }, recovered: true };
    }
    return result;
  }
  return split(text, 0);
}

function split(text: string, skippedLines: number): Frontmatter {
  // gray-matter reads what follows the opening --- as the name of a parser (`---js`): that is a
  // message, whether it names a language or is a field that lost its line break (`---title: x`).
  const opening = /^---(?!-)([^\n]*)/.exec(text);
  const rest = opening?.[1]?.trim() ?? '';
  if (opening && rest !== '') return refused(openingLineProblem(rest), skippedLines, LANGUAGE_NAME.test(rest));
  let parts: ReturnType<typeof matter>;
  try {
    parts = matter(text, { engines: ENGINES, language: 'yaml' });
  } catch {
    return refused('frontmatter could not be split from the body; start the file with a line of three dashes (---) alone', skippedLines);
  }
  const prefix = text.length - parts.content.length;
  const bodyLineOffset = countNewlines(text, prefix) + skippedLines;
  if (prefix === 0) return { data: {}, places: {}, body: parts.content, bodyLineOffset, endLine: 0 };
  const endLine = text[prefix - 1] === '\n' ? bodyLineOffset : bodyLineOffset + 1;
  if (parts.content === '' && !text.slice(3).includes('\n---')) {
    // gray-matter reads an unclosed frontmatter to the end of the file; the YAML error it would
    // give points somewhere in the body.
    return {
      data: {},
      places: {},
      body: '',
      bodyLineOffset,
      endLine,
      error: { message: 'frontmatter is never closed; add a line of three dashes (---) after the last field', place: { line: skippedLines + 1, column: 1 } },
    };
  }
  // The frontmatter text starts right after the opening '---', on the file's first line.
  const yaml = parseYaml(parts.matter, skippedLines + 1);
  const data = yaml.data;
  const result: Frontmatter = { data: isRecord(data) ? data : {}, places: yaml.places, body: parts.content, bodyLineOffset, endLine };
  if (yaml.error) {
    result.error = { message: `frontmatter is not valid YAML: ${yaml.error.message}`, place: yaml.error.place };
  } else if (data !== undefined && data !== null && !isRecord(data)) {
    result.error = { message: 'frontmatter must be a mapping of `field: value` lines, such as `title: ...`', place: yaml.places[''] ?? { line: skippedLines + 2, column: 1 } };
  }
  return result;
}

/** What to do about text after the opening ---. */
function openingLineProblem(rest: string): string {
  const shown = rest.slice(0, 40);
  if (/^(?:yaml|yml)$/i.test(rest)) return `the first line of the frontmatter must be --- alone; delete "${shown}" after it (frontmatter is always YAML)`;
  if (LANGUAGE_NAME.test(rest)) {
    return `frontmatter in "${shown}" is never read: only YAML between two lines of --- is; write the fields as YAML (title: ...) under a --- line alone`;
  }
  return `the first line of the frontmatter must be --- alone; put "${shown}" on the next line`;
}

function refused(message: string, skippedLines: number, language = false): Frontmatter {
  return { data: {}, places: {}, body: '', bodyLineOffset: skippedLines, endLine: 0, error: { message, place: { line: skippedLines + 1, column: 4 }, ...(language ? { language } : {}) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

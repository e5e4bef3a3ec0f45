// gray-matter splits frontmatter from body; YAML is parsed by parse/yaml.ts so keys keep their
// lines. gray-matter caches results by content string and hands out shared objects unless it is
// given options (its issues #129 and #174), so it is always called with options here.
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
  /** `recovered`: the frontmatter was read all the same. */
  error?: { message: string; place: Place; recovered?: boolean };
}

const noEngine = { parse: () => ({}) };

export function splitFrontmatter(text: string): Frontmatter {
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
  // gray-matter reads what follows the opening --- as the name of a parser (`---yaml`) and
  // throws on any other: `---title: x`, a forgotten line break, must be a message instead.
  const opening = /^---([^\n]*)/.exec(text);
  const language = opening?.[1]?.trim() ?? '';
  if (opening && language !== '' && language !== 'yaml' && language !== 'yml') {
    return {
      data: {},
      places: {},
      body: '',
      bodyLineOffset: skippedLines,
      endLine: 0,
      error: { message: `the first line of the frontmatter must be --- alone; put "${language.slice(0, 40)}" on the next line`, place: { line: skippedLines + 1, column: 4 } },
    };
  }
  const parts = matter(text, { engines: { yaml: noEngine, yml: noEngine }, language: 'yaml' });
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

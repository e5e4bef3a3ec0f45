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
  error?: { message: string; place: Place };
}

const noEngine = { parse: () => ({}) };

export function splitFrontmatter(text: string): Frontmatter {
  const split = matter(text, { engines: { yaml: noEngine }, language: 'yaml' });
  const prefix = text.length - split.content.length;
  const bodyLineOffset = countNewlines(text, prefix);
  if (prefix === 0) return { data: {}, places: {}, body: split.content, bodyLineOffset };
  // The frontmatter text starts right after the opening '---', on the file's first line.
  const yaml = parseYaml(split.matter, 1);
  const data = yaml.data;
  const result: Frontmatter = { data: isRecord(data) ? data : {}, places: yaml.places, body: split.content, bodyLineOffset };
  if (yaml.error) result.error = yaml.error;
  else if (data !== undefined && data !== null && !isRecord(data)) {
    result.error = { message: 'frontmatter must be a mapping of `field: value` lines', place: { line: 2, column: 1 } };
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

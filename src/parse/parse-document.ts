// One content file's bytes -> frontmatter data + mdast. Pure and per file, and its result is
// plain data, so it can be cached or computed in a worker.
import type { Root } from 'mdast';
import type { Place } from '../diagnostics.js';
import { decodeText } from './decode-text.js';
import { splitFrontmatter } from './frontmatter.js';
import { parseMarkdown } from './markdown.js';
import type { Places } from './yaml.js';

export interface ParsedDocument {
  data: Record<string, unknown>;
  places: Places;
  tree: Root;
  /** The file holds nothing but white space. */
  blank: boolean;
  /** Line of the closing `---` of the frontmatter; 0 when there is none. */
  frontmatterEndLine: number;
  /** Problems found while reading, before any schema: encoding, YAML syntax. */
  problems: ParseProblem[];
}

export interface ParseProblem {
  ruleId: 'encoding' | 'binary-file' | 'yaml-syntax';
  reason: string;
  place: Place;
}

export function parseDocument(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const { ruleId, reason, place } = decoded;
    return { data: {}, places: {}, tree: { type: 'root', children: [] }, blank: false, frontmatterEndLine: 0, problems: [{ ruleId, reason, place }] };
  }
  const frontmatter = splitFrontmatter(decoded.text);
  const problems: ParseProblem[] = [];
  if (frontmatter.error) {
    problems.push({ ruleId: 'yaml-syntax', reason: frontmatter.error.message, place: frontmatter.error.place });
  }
  return {
    data: frontmatter.data,
    places: frontmatter.places,
    tree: parseMarkdown(frontmatter.body, frontmatter.bodyLineOffset),
    blank: decoded.text.trim() === '',
    frontmatterEndLine: frontmatter.endLine,
    problems,
  };
}

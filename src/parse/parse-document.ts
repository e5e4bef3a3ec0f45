// One content file's bytes -> frontmatter data + mdast. Pure and per file, and its result is
// plain data, so it can be cached or computed in a worker.
import type { Root } from 'mdast';
import type { Place } from '../diagnostics.js';
import { decodeText } from './decode-text.js';
import { splitFrontmatter } from './frontmatter.js';
import { parseMarkdown } from './markdown.js';
import { checkMarkdownText, checkTreeDepth } from './markdown-limits.js';
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
  ruleId: 'encoding' | 'binary-file' | 'yaml-syntax' | 'markdown-too-deep';
  reason: string;
  place: Place;
  /** The file was read in full despite the problem, so its other checks still apply. */
  recovered?: boolean;
}

/** Whether a parsed file can be checked further: no problem left it unread or half read. */
export function isReadable(parsed: ParsedDocument): boolean {
  return parsed.problems.every((problem) => problem.recovered === true);
}

export function parseDocument(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const { ruleId, reason, place } = decoded;
    return { data: {}, places: {}, tree: emptyTree(), blank: false, frontmatterEndLine: 0, problems: [{ ruleId, reason, place }] };
  }
  const frontmatter = splitFrontmatter(decoded.text);
  const problems: ParseProblem[] = [];
  if (frontmatter.error) {
    problems.push({ ruleId: 'yaml-syntax', reason: frontmatter.error.message, place: frontmatter.error.place, recovered: frontmatter.error.recovered === true });
  }
  let tree = emptyTree();
  const textProblem = checkMarkdownText(frontmatter.body, frontmatter.bodyLineOffset);
  if (textProblem) {
    problems.push({ ruleId: 'markdown-too-deep', ...textProblem });
  } else {
    tree = parseMarkdown(frontmatter.body, frontmatter.bodyLineOffset);
    const treeProblem = checkTreeDepth(tree);
    if (treeProblem) {
      problems.push({ ruleId: 'markdown-too-deep', ...treeProblem });
      tree = emptyTree();
    }
  }
  return {
    data: frontmatter.data,
    places: frontmatter.places,
    tree,
    blank: decoded.text.trim() === '',
    frontmatterEndLine: frontmatter.endLine,
    problems,
  };
}

function emptyTree(): Root {
  return { type: 'root', children: [] };
}

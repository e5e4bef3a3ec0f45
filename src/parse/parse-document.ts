// One content file's bytes -> frontmatter data + mdast. Pure and per file. Everything but the
// tree is plain data (ParsedSummary), which is what workers send back and the build cache keeps;
// the tree of a summary is parsed again from the bytes only if something asks for it.
import type { Root } from 'mdast';
import type { Place } from '../diagnostics.js';
import { bodyFacts, type BodyFacts } from './body-facts.js';
import { decodeText } from './decode-text.js';
import { splitFrontmatter } from './frontmatter.js';
import { parseMarkdown } from './markdown.js';
import { checkMarkdownText, checkTreeDepth } from './markdown-limits.js';
import { readSimpleFrontmatter } from './simple-frontmatter.js';
import type { Places } from './yaml.js';

export interface ParsedSummary {
  data: Record<string, unknown>;
  places: Places;
  /** The file holds nothing but white space. */
  blank: boolean;
  /** Line of the closing `---` of the frontmatter; 0 when there is none. */
  frontmatterEndLine: number;
  /** Problems found while reading, before any schema: encoding, YAML syntax. */
  problems: ParseProblem[];
  facts: BodyFacts;
}

export interface ParsedDocument extends ParsedSummary {
  readonly tree: Root;
}

export interface ParseProblem {
  ruleId: 'encoding' | 'binary-file' | 'yaml-syntax' | 'markdown-too-deep';
  reason: string;
  place: Place;
  /** The file was read in full despite the problem, so its other checks still apply. */
  recovered?: boolean;
}

/** Whether a parsed file can be checked further: no problem left it unread or half read. */
export function isReadable(parsed: ParsedSummary): boolean {
  return parsed.problems.every((problem) => problem.recovered === true);
}

export function parseDocument(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const { ruleId, reason, place } = decoded;
    return { data: {}, places: {}, tree: emptyTree(), blank: false, frontmatterEndLine: 0, problems: [{ ruleId, reason, place }], facts: bodyFacts(emptyTree()) };
  }
  // Most entries' frontmatter is simple enough for a reader that skips the general YAML parser.
  const frontmatter = readSimpleFrontmatter(decoded.text) ?? splitFrontmatter(decoded.text);
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
    facts: bodyFacts(tree),
  };
}

/** Only the plain data of a parsed document. */
export function summarize(parsed: ParsedDocument): ParsedSummary {
  const { data, places, blank, frontmatterEndLine, problems, facts } = parsed;
  return { data, places, blank, frontmatterEndLine, problems, facts };
}

/**
 * A summary with its tree back: the tree is parsed from `bytes` on first use. Trees are the bulk
 * of a parsed archive's memory and most builds never look at them (validation and listings use
 * the facts; entry HTML comes from the cache or a worker).
 */
export function withLazyTree(summary: ParsedSummary, bytes: () => Uint8Array): ParsedDocument {
  let tree: Root | undefined;
  // Reads through to the summary (not a copy: some of its fields may be decoded on first use).
  return {
    get data() { return summary.data; },
    get places() { return summary.places; },
    get blank() { return summary.blank; },
    get frontmatterEndLine() { return summary.frontmatterEndLine; },
    get problems() { return summary.problems; },
    get facts() { return summary.facts; },
    get tree() { return (tree ??= lazyRoot(() => parseDocument(bytes()).tree)); },
  };
}

/** A root whose children (and position) are parsed on first access; structuredClone sees them. */
function lazyRoot(load: () => Root): Root {
  let loaded: Root | undefined;
  return {
    type: 'root',
    get children() { return (loaded ??= load()).children; },
    get position() { return (loaded ??= load()).position; },
  };
}

function emptyTree(): Root {
  return { type: 'root', children: [] };
}

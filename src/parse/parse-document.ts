// One content file's bytes -> frontmatter data + mdast. Pure and per file. Everything but the
// tree is plain data (ParsedSummary), which is what workers send back and the build cache keeps;
// the tree of a summary is parsed again from the bytes only if something asks for it.
import type { Root } from 'mdast';
import type { Place } from '../diagnostics.js';
import { bodyFacts, type BodyFacts } from './body-facts.js';
import { dataCharacters, textCharacters } from './character-problems.js';
import { decodeText } from './decode-text.js';
import { FAST_PATHS } from './fast-path-switch.js';
import { parsers } from './parsers.js';
import { checkMarkdownBudget } from './markdown-budget.js';
import { checkMarkdownText, checkTreeDepth } from './markdown-limits.js';
import { parsePlainMarkdown } from './plain-markdown.js';
import { readSimpleFrontmatter } from './simple-frontmatter.js';
import { hasSuspectCharacter, replaceXmlForbidden } from './text-characters.js';
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
  facts: SummaryFacts;
}

/**
 * A summary's facts. One read from the build cache reads its texts from the cache's text file
 * on first use, and has none (undefined) when that file turns out damaged: who shows them then
 * makes them from the tree (body-facts.ts exports how).
 */
export type SummaryFacts = Omit<BodyFacts, 'text' | 'fullText'> & { readonly text: string | undefined; readonly fullText: string | undefined };

export interface ParsedDocument extends ParsedSummary {
  readonly tree: Root;
}

export interface ParseProblem {
  ruleId: 'encoding' | 'binary-file' | 'yaml-syntax' | 'frontmatter-language' | 'markdown-too-deep' | 'markdown-too-complex' | 'control-character' | 'bidi-control';
  reason: string;
  place: Place;
  /** The file was read in full despite the problem, so its other checks still apply. */
  recovered?: boolean;
  /** A warning: the file was read and is shown all the same. Default: an error. */
  warning?: boolean;
}

/** Whether a parsed file can be checked further: no problem left it unread or half read. */
export function isReadable(parsed: ParsedSummary): boolean {
  return parsed.problems.every((problem) => problem.recovered === true);
}

/** Whether a parsed file had no problem but warnings: its body is rendered. */
export function parsedWithoutErrors(parsed: Pick<ParsedSummary, 'problems'>): boolean {
  return parsed.problems.every((problem) => problem.warning === true);
}

export function parseDocument(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const { ruleId, reason, place } = decoded;
    return { data: {}, places: {}, tree: emptyTree(), blank: false, frontmatterEndLine: 0, problems: [{ ruleId, reason, place }], facts: bodyFacts(emptyTree()) };
  }
  // Characters XML forbids are replaced before anything reads the text (see character-problems.ts).
  const suspect = hasSuspectCharacter(decoded.text);
  const text = suspect ? replaceXmlForbidden(decoded.text) : decoded.text;
  // Most entries' frontmatter is simple enough for a reader that skips the general YAML parser.
  const frontmatter = (FAST_PATHS ? readSimpleFrontmatter(text) : null) ?? parsers().frontmatter.splitFrontmatter(text);
  const problems: ParseProblem[] = [];
  if (frontmatter.error) {
    problems.push({ ruleId: frontmatter.error.language ? 'frontmatter-language' : 'yaml-syntax', reason: frontmatter.error.message, place: frontmatter.error.place, recovered: frontmatter.error.recovered === true });
  }
  const raw = suspect ? textCharacters(decoded.text).problems : [];
  const data = dataCharacters(frontmatter.data, frontmatter.places, raw);
  for (const problem of [...raw, ...data.problems]) problems.push({ ...problem, recovered: true, warning: true });
  let tree = emptyTree();
  // A body over the work budget is parsed by neither parser. Plain bodies, most of them, are
  // parsed at once by the fast path, which never takes a body the text check would object to;
  // the others are checked, then parsed by remark.
  const budgetProblem = checkMarkdownBudget(frontmatter.body, frontmatter.bodyLineOffset);
  const plainTree = budgetProblem || !FAST_PATHS ? null : parsePlainMarkdown(frontmatter.body, frontmatter.bodyLineOffset);
  const textProblem = budgetProblem || plainTree ? null : checkMarkdownText(frontmatter.body, frontmatter.bodyLineOffset);
  if (budgetProblem) {
    problems.push({ ruleId: 'markdown-too-complex', ...budgetProblem });
  } else if (textProblem) {
    problems.push({ ruleId: 'markdown-too-deep', ...textProblem });
  } else {
    tree = plainTree ?? parsers().markdown.parseWithRemark(frontmatter.body, frontmatter.bodyLineOffset);
    const treeProblem = checkTreeDepth(tree);
    if (treeProblem) {
      problems.push({ ruleId: 'markdown-too-deep', ...treeProblem });
      tree = emptyTree();
    }
  }
  return {
    data: data.data,
    places: frontmatter.places,
    tree,
    blank: text.trim() === '',
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
  return new LazyDocument(summary, bytes);
}

/** Reads through to the summary (not a copy: some of its fields may be decoded on first use). */
class LazyDocument implements ParsedDocument {
  #summary: ParsedSummary;
  #bytes: () => Uint8Array;
  #tree: Root | undefined;

  constructor(summary: ParsedSummary, bytes: () => Uint8Array) {
    this.#summary = summary;
    this.#bytes = bytes;
  }

  get data() { return this.#summary.data; }
  get places() { return this.#summary.places; }
  get blank() { return this.#summary.blank; }
  get frontmatterEndLine() { return this.#summary.frontmatterEndLine; }
  get problems() { return this.#summary.problems; }
  get facts() { return this.#summary.facts; }
  get tree() {
    const bytes = this.#bytes;
    return (this.#tree ??= lazyRoot(() => parseDocument(bytes()).tree));
  }
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

/**
 * Lets go of a summary's full text: what reads it later makes it again from the tree. For a
 * build that has made everything that shows whole texts (feeds, the search index) and keeps no
 * cache.
 */
export function forgetFullText(summary: ParsedSummary): void {
  (summary.facts as { fullText: string | undefined }).fullText = undefined;
}

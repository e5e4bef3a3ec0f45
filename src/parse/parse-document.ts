// One content file's bytes -> frontmatter data + mdast. Pure and per file. Everything but the
// tree is plain data (ParsedSummary), which is what workers send back and the build cache keeps;
// the tree of a summary is parsed again from the bytes only if something asks for it.
import type { Root } from 'mdast';
import type { Place } from '../diagnostics.js';
import { bodyFacts, type BodyFacts } from './body-facts.js';
import { splitFrontmatter } from './frontmatter.js';
import { parseMarkdown } from './markdown.js';
import type { Places } from './yaml.js';

export interface ParsedSummary {
  data: Record<string, unknown>;
  places: Places;
  /** Problems found while reading, before any schema: encoding, YAML syntax. */
  problems: ParseProblem[];
  facts: BodyFacts;
}

export interface ParsedDocument extends ParsedSummary {
  readonly tree: Root;
}

export interface ParseProblem {
  ruleId: 'encoding' | 'yaml-syntax';
  reason: string;
  place: Place;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function parseDocument(bytes: Uint8Array): ParsedDocument {
  const empty = (): Root => ({ type: 'root', children: [] });
  const unreadable = (problem: ParseProblem): ParsedDocument => ({ data: {}, places: {}, tree: empty(), problems: [problem], facts: bodyFacts(empty()) });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return unreadable({ ruleId: 'encoding', reason: encodingAdvice(bytes), place: firstInvalidPlace(bytes) });
  }
  if (text.includes('\u0000')) {
    return unreadable({ ruleId: 'encoding', reason: 'this is a binary file, not Markdown text; move it out of content/', place: { line: 1, column: 1 } });
  }
  // CRLF and lone CR become LF so positions and output do not depend on the editor's platform.
  text = text.replace(/\r\n?/g, '\n');
  const frontmatter = splitFrontmatter(text);
  const problems: ParseProblem[] = [];
  if (frontmatter.error) {
    problems.push({ ruleId: 'yaml-syntax', reason: `frontmatter is not valid YAML: ${frontmatter.error.message}`, place: frontmatter.error.place });
  }
  const tree = parseMarkdown(frontmatter.body, frontmatter.bodyLineOffset);
  return { data: frontmatter.data, places: frontmatter.places, tree, problems, facts: bodyFacts(tree) };
}

/** Only the plain data of a parsed document. */
export function summarize(parsed: ParsedDocument): ParsedSummary {
  return { data: parsed.data, places: parsed.places, problems: parsed.problems, facts: parsed.facts };
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

function encodingAdvice(bytes: Uint8Array): string {
  const gbk = looksLikeGbk(bytes);
  return gbk
    ? 'file is not UTF-8: it looks GBK/GB18030-encoded; convert it, e.g. `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`, or re-save it as UTF-8 in your editor'
    : 'file is not UTF-8 text; re-save it as UTF-8 in your editor';
}

/** GBK lead bytes 0x81-0xFE followed by a trail byte 0x40-0xFE, for most non-ASCII bytes. */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let pairs = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte < 0x80) continue;
    high++;
    const next = bytes[i + 1];
    if (byte >= 0x81 && byte <= 0xfe && next !== undefined && next >= 0x40 && next <= 0xfe && next !== 0x7f) {
      pairs++;
      i++;
    }
  }
  return high > 0 && pairs * 2 >= high * 0.9;
}

function firstInvalidPlace(bytes: Uint8Array): Place {
  // Lines are counted on the ASCII newlines before the first byte that does not decode.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (bytes[i]! >= 0x80) {
      try {
        decoder.decode(bytes.subarray(lineStart, i + 4 > bytes.length ? bytes.length : nextLineEnd(bytes, i)));
      } catch {
        return { line, column: 1 };
      }
    }
  }
  return { line: 1, column: 1 };
}

function nextLineEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(0x0a, from);
  return end === -1 ? bytes.length : end;
}

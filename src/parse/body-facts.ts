// What the rest of the pipeline needs to know about a Markdown body, gathered once while the tree
// is at hand: whether it is empty, its headings and links (with places, for messages), and its
// plain text (excerpts, search). Plain data, so it crosses threads and the build cache cheaply;
// with it, validation and listing pages never need the tree itself.
import type { Image, Link, Nodes, Root, RootContent } from 'mdast';
import type { Place } from '../diagnostics.js';
import { BLOCK_BREAK, readableText } from './block-join.js';

export interface BodyFacts {
  /** No block at all: an entry without text. */
  empty: boolean;
  /** Some block is more than an HTML comment (comments alone never reach the page). */
  hasText: boolean;
  /** Headings of the top level of the body, in order. */
  headings: { depth: number; place: Place | null }[];
  /** Every link and image, in document order (the order rendering rewrites them in). */
  links: { type: 'link' | 'image'; url: string; place: Place | null }[];
  /**
   * The start of the text without markup, whitespace collapsed: at most TEXT_PREFIX UTF-16 units,
   * enough for an excerpt of 120 characters even if every one is a surrogate pair, and for
   * telling whether the text is longer. (All of it would double what the build holds in memory
   * and in its cache.)
   */
  text: string;
  /**
   * All of the text as readers see it, whitespace collapsed, each boundary between blocks one
   * BLOCK_BREAK (block-join.ts: readableText joins them for reading): what search indexes and
   * feeds excerpt. Kept here so neither needs the tree, which a cached build
   * never has to parse again.
   */
  fullText: string;
}

export const TEXT_PREFIX = 240;

export function bodyFacts(tree: Root): BodyFacts {
  const placeOf = (node: { position?: { start: { line: number; column: number } } | undefined }): Place | null =>
    node.position ? { line: node.position.start.line, column: node.position.start.column } : null;
  const headings: BodyFacts['headings'] = [];
  for (const node of tree.children) if (node.type === 'heading') headings.push({ depth: node.depth, place: placeOf(node) });
  const links: BodyFacts['links'] = [];
  forEachLink(tree, (link) => links.push({ type: link.type, url: link.url, place: placeOf(link) }));
  const hasText = tree.children.some((node) => !(node.type === 'html' && /^<!--[\s\S]*-->$/.test(node.value.trim())));
  return { empty: tree.children.length === 0, hasText, headings, links, text: textPrefixOf(tree), fullText: fullTextOf(tree) };
}

/**
 * BodyFacts' text: the start of readableTextOf(tree). Only as much of the tree is read as that
 * start needs: the readable text of a part is the start of the whole's, so once it is long enough
 * the rest cannot change it.
 */
export function textPrefixOf(tree: Root): string {
  return readableParts(tree, TEXT_PREFIX).slice(0, TEXT_PREFIX);
}

/**
 * The text of a body as one line to read (excerpts): every value and an image's alt, whitespace
 * collapsed, blocks joined as block-join.ts joins them (no space between Chinese blocks).
 */
export function readableTextOf(tree: Root): string {
  return readableParts(tree, Infinity);
}

/** readableTextOf, reading the tree only until the text is at least `enough` long (UTF-16 units). */
function readableParts(tree: Root, enough: number): string {
  const parts: string[] = [];
  let length = 0;
  let nextCheck = enough * 2;
  let done: string | null = null;
  const text = () => readableText(collapseKeepingBreaks(parts.join('')));
  const add = (value: string): boolean => {
    parts.push(value);
    length += value.length;
    if (length < nextCheck) return false;
    const readable = text();
    if (readable.length < enough) {
      nextCheck = length * 2;
      return false;
    }
    done = readable;
    return true;
  };
  const walk = (node: Nodes): boolean => {
    if (BLOCKS.has(node.type) || node.type === 'break') parts.push(BLOCK_BREAK);
    if ('value' in node) return typeof node.value === 'string' && add(node.value.replace(/\s+/g, ' '));
    if ('alt' in node && node.alt) return add(node.alt.replace(/\s+/g, ' '));
    if ('children' in node) for (const child of node.children) if (walk(child)) return true;
    return false;
  };
  walk(tree);
  return done ?? text();
}

/** A run of whitespace as one space, or as one BLOCK_BREAK where it holds a block boundary; trimmed. */
function collapseKeepingBreaks(text: string): string {
  return text.replace(/\s+/g, (run) => (run.includes(BLOCK_BREAK) ? BLOCK_BREAK : ' ')).trim();
}

/** BodyFacts' fullText: a run of whitespace is one space, or one BLOCK_BREAK where it holds a block boundary. */
export function fullTextOf(tree: Root): string {
  return collapseKeepingBreaks(bodyText(tree));
}

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'list', 'listItem', 'code', 'table', 'tableRow', 'tableCell', 'thematicBreak']);

/**
 * The text of a body with a BLOCK_BREAK at every block boundary, so blocks never run together;
 * whitespace inside a text (line breaks of a paragraph or of code too) is a space.
 */
export function bodyText(tree: Root): string {
  const parts: string[] = [];
  const walk = (node: Nodes): void => {
    if (BLOCKS.has(node.type)) parts.push(BLOCK_BREAK);
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') parts.push(node.value.replace(/\s+/g, ' '));
    else if (node.type === 'break') parts.push(BLOCK_BREAK);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return parts.join('');
}


/** Every link and image in document order: what unist-util-visit does, without its per-node cost. */
export function forEachLink(node: Root | RootContent, callback: (link: Link | Image) => void): void {
  if (node.type === 'link' || node.type === 'image') callback(node);
  if ('children' in node) for (const child of node.children) forEachLink(child, callback);
}

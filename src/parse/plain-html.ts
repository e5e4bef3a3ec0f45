// HTML for the plainest trees, written directly: the string remark-html (toHast, sanitize with
// GitHub's schema, toHtml) gives for a tree of paragraphs, headings, rules, fenced code, simple lists
// (nested or not), one-level blockquotes of those, strong, emphasis, code spans, images, text
// and links, without building and walking a hast tree. Any other node, field or character this
// module is not sure of gives null, and remark-html runs instead: it stays the definition of the
// output. Pure.
import type { Blockquote, Code, Image, Link, List, PhrasingContent, Root, RootContent } from 'mdast';

/** remark-html's output for `tree`, or null when the tree holds anything not modelled here. */
export function plainMarkdownToHtml(tree: Root): string | null {
  if (tree.data !== undefined) return null;
  const parts: string[] = [];
  for (let index = 0; index < tree.children.length; index++) {
    if (index > 0) parts.push('\n');
    if (!block(tree.children[index]!, parts)) return null;
  }
  // remark-html ends a non-empty document with a line break.
  if (parts.length > 0) parts.push('\n');
  return parts.join('');
}

function block(node: RootContent, parts: string[]): boolean {
  if (node.data !== undefined) return false;
  switch (node.type) {
    case 'paragraph':
      parts.push('<p>');
      if (!phrasing(node.children, parts)) return false;
      parts.push('</p>');
      return true;
    case 'heading': {
      const tag = `h${node.depth}`;
      if (!(node.depth >= 1 && node.depth <= 6)) return false;
      parts.push(`<${tag}>`);
      if (!phrasing(node.children, parts)) return false;
      parts.push(`</${tag}>`);
      return true;
    }
    case 'list':
      return list(node, parts);
    case 'code':
      return code(node, parts);
    case 'thematicBreak':
      parts.push('<hr>');
      return true;
    case 'blockquote':
      return blockquote(node, parts);
    default:
      return false;
  }
}

/** Fenced code: toHast adds a line break to content that has any, and a class for a one-word language sanitize keeps. */
function code(node: Code, parts: string[]): boolean {
  if (node.meta !== null && node.meta !== undefined) return false;
  let open = '<pre><code>';
  if (node.lang !== null && node.lang !== undefined) {
    if (!PLAIN_LANGUAGE.test(node.lang)) return false;
    open = `<pre><code class="language-${node.lang}">`;
  }
  if (typeof node.value !== 'string' || REFUSED_IN_CODE.test(node.value)) return false;
  parts.push(open, escapeCode(node.value === '' ? '' : `${node.value}\n`), '</code></pre>');
  return true;
}

/** A language toHast makes one class of, which sanitize keeps and toHtml writes as it is. */
const PLAIN_LANGUAGE = /^[A-Za-z0-9_+-]+$/;
// eslint-disable-next-line no-control-regex
const REFUSED_IN_CODE = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** Code as toHtml writes it: `&` and `<` as character references, white space as it is. */
function escapeCode(value: string): string {
  return /[&<]/.test(value) ? value.replace(/[&<]/g, (character) => (character === '&' ? '&#x26;' : '&#x3C;')) : value;
}

/** A blockquote of paragraphs, headings and lists (one level: no blockquote inside). */
function blockquote(node: Blockquote, parts: string[]): boolean {
  if (node.children.length === 0) return false;
  parts.push('<blockquote>\n');
  for (let index = 0; index < node.children.length; index++) {
    const child = node.children[index]!;
    if (child.type === 'blockquote') return false;
    if (index > 0) parts.push('\n');
    if (!block(child, parts)) return false;
  }
  parts.push('\n</blockquote>');
  return true;
}

/** Lists nested in lists, at most (the parse fast path makes fewer). */
const MAX_LIST_DEPTH = 16;

/**
 * A list whose every item is one paragraph and no task; an item that is not spread may also
 * hold, after its paragraph, a list of that kind (`depth`: how many lists this one is in).
 */
function list(node: List, parts: string[], depth = 0): boolean {
  let loose = node.spread === true;
  if (depth > MAX_LIST_DEPTH) return false;
  if (node.spread !== true && node.spread !== false && node.spread !== null && node.spread !== undefined) return false;
  for (const item of node.children) {
    if (item.data !== undefined || item.type !== 'listItem' || (item.checked !== null && item.checked !== undefined)) return false;
    const nested = item.children.length === 2 && item.spread === false && item.children[1]!.type === 'list' && item.children[1]!.data === undefined;
    if (!nested && item.children.length !== 1) return false;
    if (item.children[0]!.type !== 'paragraph' || item.children[0]!.data !== undefined) return false;
    // An item is loose when it says so; one with a single child, when it says nothing.
    if (item.spread === true) loose = true;
    else if (item.spread !== false && item.spread !== null && item.spread !== undefined) return false;
  }
  let open: string;
  if (node.ordered === true) {
    if (typeof node.start === 'number' && node.start !== 1) {
      if (!Number.isSafeInteger(node.start) || node.start < 0) return false;
      open = `<ol start="${node.start}">`;
    } else if (node.start === null || node.start === undefined || node.start === 1) {
      open = '<ol>';
    } else {
      return false;
    }
  } else if ((node.ordered === false || node.ordered === null || node.ordered === undefined) && (node.start === null || node.start === undefined)) {
    open = '<ul>';
  } else {
    return false;
  }
  parts.push(open, '\n');
  for (let index = 0; index < node.children.length; index++) {
    if (index > 0) parts.push('\n');
    const [paragraph, sublist] = node.children[index]!.children as [{ children: PhrasingContent[] }, List | undefined];
    // toHast: in a loose list each child on a line of its own, in a tight one the paragraph's
    // content directly after <li>, anything after it on lines of its own.
    parts.push(loose ? '<li>\n<p>' : '<li>');
    if (!phrasing(paragraph.children, parts)) return false;
    if (loose) parts.push('</p>');
    if (sublist) {
      parts.push('\n');
      if (!list(sublist, parts, depth + 1)) return false;
      parts.push('\n');
    } else if (loose) {
      parts.push('\n');
    }
    parts.push('</li>');
  }
  parts.push('\n', node.ordered === true ? '</ol>' : '</ul>');
  return true;
}

function phrasing(nodes: PhrasingContent[], parts: string[]): boolean {
  for (const node of nodes) {
    if (node.data !== undefined) return false;
    switch (node.type) {
      case 'text': {
        const escaped = escapeText(node.value);
        if (escaped === null) return false;
        parts.push(escaped);
        break;
      }
      case 'inlineCode': {
        const escaped = escapeText(node.value);
        if (escaped === null || escaped.includes('\n')) return false;
        parts.push('<code>', escaped, '</code>');
        break;
      }
      case 'image': {
        const src = imageSrc(node);
        const alt = node.alt;
        if (src === null || typeof alt !== 'string' || !PLAIN_ALT.test(alt)) return false;
        parts.push(`<img src="${src}" alt="${alt}">`);
        break;
      }
      case 'strong':
        parts.push('<strong>');
        if (!phrasing(node.children, parts)) return false;
        parts.push('</strong>');
        break;
      case 'emphasis':
        parts.push('<em>');
        if (!phrasing(node.children, parts)) return false;
        parts.push('</em>');
        break;
      case 'link': {
        const href = linkHref(node);
        if (href === null || node.children.some((child) => child.type === 'link')) return false;
        parts.push(`<a href="${href}">`);
        if (!phrasing(node.children, parts)) return false;
        parts.push('</a>');
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/**
 * Text as toHtml writes it: `&` and `<` as character references, all else as is. Null for text
 * toHast would change (white space around line breaks) or that holds control characters.
 */
function escapeText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]| \n|\n /.test(value)) return null;
  if (!/[&<]/.test(value)) return value;
  return value.replace(/[&<]/g, (character) => (character === '&' ? '&#x26;' : '&#x3C;'));
}

/** Alt text written as it is in an attribute (nothing toHtml escapes there, no white space toHast changes). */
const PLAIN_ALT = /^[^"&<>'`=\u0000-\u001f\u007f\n]*$/;
const SAFE_IMAGE_PROTOCOLS = new Set(['http', 'https']);

/** The src attribute's value as written, or null when unsure (as linkHref, with the protocols sanitize lets through for src). */
const imageSrc = (node: Image): string | null => plainUrl(node, SAFE_IMAGE_PROTOCOLS);

/** A URL toHast leaves as it is (nothing to percent-encode) and sanitize lets through. */
const PLAIN_URL = /^(?:[!#$&-;=?-Z_a-z~]|%[A-Za-z0-9]{2})+$/;
const SAFE_PROTOCOLS = new Set(['http', 'https', 'mailto']);

/**
 * The href attribute's value as written, or null when unsure: a title, an empty URL, a URL that
 * toHast would encode, or a protocol other than the common safe ones.
 */
const linkHref = (node: Link): string | null => plainUrl(node, SAFE_PROTOCOLS);

/** A link's or image's URL as written, when it has no title and its protocol (if any) is in `safe`. */
function plainUrl(node: Link | Image, safe: ReadonlySet<string>): string | null {
  if (node.title !== null && node.title !== undefined) return null;
  const url = node.url;
  if (typeof url !== 'string' || !PLAIN_URL.test(url) || url.includes("'")) return null;
  const colon = url.indexOf(':');
  if (colon >= 0) {
    const protocolEnd = [url.indexOf('/'), url.indexOf('?'), url.indexOf('#')].filter((at) => at >= 0);
    const isProtocol = protocolEnd.every((at) => colon < at);
    if (isProtocol && !safe.has(url.slice(0, colon))) return null;
  }
  return url.replaceAll('&', '&#x26;');
}

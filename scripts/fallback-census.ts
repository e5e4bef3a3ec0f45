// How much of an archive the fast paths take, and what they save: counts the frontmatters, bodies
// and HTML renderings that fall back to the libraries (gray-matter + yaml, remark-parse,
// remark-html), with a guess at what each body holds that the fast path does not model, then
// times parsing and rendering every file both ways in this one process (CPU of this thread):
// fast paths first as the build uses them, then the libraries alone, as DIGEST_NO_FAST_PATHS=1
// makes the build do.
//
//   node --import tsx scripts/fallback-census.ts ROOT [rounds=3]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import { decodeText } from '../src/parse/decode-text.ts';
import { splitFrontmatter } from '../src/parse/frontmatter.ts';
import { checkMarkdownBudget } from '../src/parse/markdown-budget.ts';
import { checkMarkdownText } from '../src/parse/markdown-limits.ts';
import { markdownToHtmlWithRemark, parseWithRemark } from '../src/parse/markdown.ts';
import { plainMarkdownToHtml } from '../src/parse/plain-html.ts';
import { parsePlainMarkdown } from '../src/parse/plain-markdown.ts';
import { readSimpleFrontmatter } from '../src/parse/simple-frontmatter.ts';

/** What a body holds that the fast path may not take, first match wins: a guess for the report. */
const SHAPES: [string, RegExp][] = [
  ['nested blockquote', /^> ?>/m],
  ['nested or indented list', /^ +(?:[-*+]|\d+[.)]) /m],
  ['image', /!\[/],
  ['table', /^\|/m],
  ['code', /`/],
  ['HTML or autolink', /<[A-Za-z/!]/],
  ['emphasis other than **', /(?<![*\\])\*(?!\*)|_/],
  ['blockquote', /^>/m],
];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function main(): void {
  const root = process.argv[2];
  if (root === undefined) throw new Error('usage: fallback-census.ts ROOT [rounds]');
  const rounds = Number(process.argv[3] ?? 3);
  const texts = markdownFiles(path.join(root, 'content')).flatMap((file) => {
    const decoded = decodeText(readFileSync(file));
    return decoded.ok ? [decoded.text] : [];
  });
  let frontmatterFallbacks = 0;
  let bodyFallbacks = 0;
  let htmlFallbacks = 0;
  let refused = 0;
  const shapes = new Map<string, number>();
  for (const text of texts) {
    const simple = readSimpleFrontmatter(text);
    if (simple === null) frontmatterFallbacks++;
    const { body, bodyLineOffset } = simple ?? splitFrontmatter(text);
    if (checkMarkdownBudget(body, bodyLineOffset) || checkMarkdownText(body, bodyLineOffset)) {
      refused++;
      continue;
    }
    let tree: Root | null = parsePlainMarkdown(body, bodyLineOffset);
    if (tree === null) {
      bodyFallbacks++;
      const shape = SHAPES.find(([, pattern]) => pattern.test(body))?.[0] ?? 'other';
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      tree = parseWithRemark(body, bodyLineOffset);
    }
    if (plainMarkdownToHtml(tree) === null) htmlFallbacks++;
  }
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`${texts.length} files under ${root}/content`);
  out(`frontmatter to gray-matter + yaml: ${frontmatterFallbacks}`);
  out(`bodies to remark-parse:            ${bodyFallbacks}${refused > 0 ? ` (and ${refused} refused by the limits)` : ''}`);
  for (const [shape, count] of [...shapes].sort((a, b) => b[1] - a[1])) out(`  ${String(count).padStart(6)}  ${shape}`);
  out(`HTML to remark-html:               ${htmlFallbacks}`);

  const withFastPaths = (): void => {
    for (const text of texts) {
      const { body, bodyLineOffset } = readSimpleFrontmatter(text) ?? splitFrontmatter(text);
      if (checkMarkdownBudget(body, bodyLineOffset)) continue;
      const plain = parsePlainMarkdown(body, bodyLineOffset);
      if (plain === null && checkMarkdownText(body, bodyLineOffset)) continue;
      const tree = plain ?? parseWithRemark(body, bodyLineOffset);
      if (plainMarkdownToHtml(tree) === null) markdownToHtmlWithRemark(tree);
    }
  };
  const librariesOnly = (): void => {
    for (const text of texts) {
      const { body, bodyLineOffset } = splitFrontmatter(text);
      if (checkMarkdownBudget(body, bodyLineOffset) || checkMarkdownText(body, bodyLineOffset)) continue;
      markdownToHtmlWithRemark(parseWithRemark(body, bodyLineOffset));
    }
  };
  // A round of each first, so that both are measured warm; then the best of `rounds`.
  withFastPaths();
  librariesOnly();
  const best = (run: () => void): number => Math.min(...Array.from({ length: rounds }, () => cpuMs(run)));
  const fast = best(withFastPaths);
  const libraries = best(librariesOnly);
  out(`parse + HTML CPU, best of ${rounds}: ${fast.toFixed(0)} ms with the fast paths, ${libraries.toFixed(0)} ms with the libraries alone (DIGEST_NO_FAST_PATHS=1): ${(libraries / fast).toFixed(1)}x`);
}

main();

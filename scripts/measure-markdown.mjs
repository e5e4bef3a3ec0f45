// Markdown cost alone, without YAML, workers or IO: parses every body of a content folder as
// parse-document.ts does (fast path, else the nesting check and remark-parse) and renders each
// tree with markdownToHtml. With --remark, remark alone does both, as before the fast paths:
// run both back to back to compare (a shared machine is noisy). Bodies are split off first and
// not timed. Runs the compiled lib/ (as builds do): `npx tsc -p .` first.
//
//   node scripts/measure-markdown.mjs [root=bench/corpus-15000] [rounds=3] [--remark]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitFrontmatter } from '../lib/parse/frontmatter.js';
import { markdownToHtml, markdownToHtmlWithRemark, parseWithRemark } from '../lib/parse/markdown.js';
import { checkMarkdownText } from '../lib/parse/markdown-limits.js';
import { parsePlainMarkdown } from '../lib/parse/plain-markdown.js';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const remarkOnly = process.argv.includes('--remark');
const root = path.resolve(args[0] ?? 'bench/corpus-15000');
const rounds = Number(args[1] ?? 3);

function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function parse(body, lineOffset) {
  const plain = remarkOnly ? null : parsePlainMarkdown(body, lineOffset);
  if (plain) return plain;
  return checkMarkdownText(body, lineOffset) ? null : parseWithRemark(body, lineOffset);
}

const toHtml = remarkOnly ? markdownToHtmlWithRemark : markdownToHtml;
const bodies = markdownFiles(path.join(root, 'content')).map((file) => {
  const { body, bodyLineOffset } = splitFrontmatter(readFileSync(file, 'utf8'));
  return { body, bodyLineOffset };
});
const megabytes = bodies.reduce((sum, { body }) => sum + Buffer.byteLength(body), 0) / 1048576;
const plain = remarkOnly ? 0 : bodies.filter(({ body, bodyLineOffset }) => parsePlainMarkdown(body, bodyLineOffset) !== null).length;
process.stdout.write(`${bodies.length} bodies, ${megabytes.toFixed(1)} MB of Markdown; ${remarkOnly ? 'remark only' : `${plain} plain (fast path)`}\n`);

for (let round = 1; round <= rounds; round++) {
  // Each tree is rendered right after it is parsed and then dropped, as in a parse worker.
  let parseMs = 0;
  let htmlMs = 0;
  let htmlChars = 0;
  for (const { body, bodyLineOffset } of bodies) {
    const started = performance.now();
    const tree = parse(body, bodyLineOffset);
    const parsed = performance.now();
    if (tree) htmlChars += toHtml(tree).length;
    htmlMs += performance.now() - parsed;
    parseMs += parsed - started;
  }
  process.stdout.write(`round ${round}: parse ${parseMs.toFixed(0)} ms (${(megabytes / (parseMs / 1000)).toFixed(1)} MB/s), html ${htmlMs.toFixed(0)} ms (${htmlChars} chars)\n`);
}

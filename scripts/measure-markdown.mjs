// Markdown cost alone, without YAML, workers or IO: parses every body of a content folder with
// parseMarkdown (as parse-document.ts calls it) and renders each tree with markdownToHtml.
// Bodies are split off first and not timed. Noisy on a shared machine: compare runs taken
// back to back.
//
// Runs the compiled lib/ (as builds do): `npx tsc -p .` first.
//
//   node scripts/measure-markdown.mjs [root=bench/corpus-15000] [rounds=3]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitFrontmatter } from '../lib/parse/frontmatter.js';
import { markdownToHtml, parseMarkdown } from '../lib/parse/markdown.js';

const root = path.resolve(process.argv[2] ?? 'bench/corpus-15000');
const rounds = Number(process.argv[3] ?? 3);

function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const bodies = markdownFiles(path.join(root, 'content')).map((file) => {
  const { body, bodyLineOffset } = splitFrontmatter(readFileSync(file, 'utf8'));
  return { body, bodyLineOffset };
});
const megabytes = bodies.reduce((sum, { body }) => sum + Buffer.byteLength(body), 0) / 1048576;
process.stdout.write(`${bodies.length} bodies, ${megabytes.toFixed(1)} MB of Markdown\n`);

for (let round = 1; round <= rounds; round++) {
  let started = performance.now();
  const trees = bodies.map(({ body, bodyLineOffset }) => parseMarkdown(body, bodyLineOffset));
  const parseMs = performance.now() - started;
  started = performance.now();
  let htmlBytes = 0;
  for (const tree of trees) htmlBytes += markdownToHtml(tree).length;
  const htmlMs = performance.now() - started;
  process.stdout.write(`round ${round}: parse ${parseMs.toFixed(0)} ms (${(megabytes / (parseMs / 1000)).toFixed(1)} MB/s), html ${htmlMs.toFixed(0)} ms (${htmlBytes} chars)\n`);
}

// What share of a corpus's entries each fast path takes (docs/fast-paths.md): the frontmatter
// reader beside gray-matter/yaml, and the Markdown parser beside remark. The rest go through the
// libraries, which is where a cold build's parse time goes on content the fast paths were not
// written for.
//   node --import tsx scripts/fast-path-share.ts /work/bench/cb/real-1500 /work/bench/cb/holdout-1500
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitFrontmatter } from '../src/parse/frontmatter.ts';
import { parsePlainMarkdown } from '../src/parse/plain-markdown.ts';
import { readSimpleFrontmatter } from '../src/parse/simple-frontmatter.ts';

for (const root of process.argv.slice(2)) {
  const dir = path.join(root, 'content', 'issues');
  const files = readdirSync(dir, { recursive: true }).map(String).filter((file) => file.endsWith('.md') && path.basename(file) !== 'index.md');
  let frontmatter = 0;
  let markdown = 0;
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
    const simple = readSimpleFrontmatter(text);
    if (simple) frontmatter++;
    const { body, bodyLineOffset } = simple ?? splitFrontmatter(text);
    if (parsePlainMarkdown(body, bodyLineOffset)) markdown++;
  }
  const share = (n: number) => `${((100 * n) / files.length).toFixed(0)}%`;
  process.stdout.write(`${root}: ${files.length} entries; simple frontmatter ${share(frontmatter)}, plain Markdown ${share(markdown)}\n`);
}

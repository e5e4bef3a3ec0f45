// Bundles the CLI into lib/bundle/ with esbuild (a dev dependency): the CLI, the three worker
// modules and the two parser modules (loaded on demand) as entry points, their shared code in
// chunks, node_modules included. Loading ~150 of digest's modules and ~350 of its dependencies
// one file at a time is most of a cold start's fixed cost, paid again in each worker thread; the
// bundle has a few dozen files. bin/digest.js runs it when it is newer than lib/cli.js (that is,
// made from the code tsc compiled last), else lib/.
//   npx tsc -p tsconfig.json && node scripts/bundle.mjs     (npm run compile does both)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outdir = path.join(repo, 'lib', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: repo,
  // Built from lib/ (what tsc just compiled), so the bundle is that code and nothing newer.
  entryPoints: ['lib/cli.js', 'lib/build/parse-worker.js', 'lib/search/search-index-worker.js', 'lib/write/output-stage-worker.js', 'lib/parse/markdown.js', 'lib/parse/frontmatter.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  entryNames: '[name]',
  // CommonJS dependencies (nunjucks, gray-matter) call require.
  banner: { js: "import { createRequire as __digestCreateRequire } from 'node:module'; const require = __digestCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

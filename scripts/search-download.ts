// What a query downloads from a built site's search index: the files the browser's engine
// (assets/search-engine.js of the output) fetches for the query and its first 20 results,
// in bytes as stored and gzipped (as a host sends them).
//
//   node --import tsx scripts/search-download.ts DIST [query ...]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const [outDir = 'dist', ...asked] = process.argv.slice(2);
const queries = asked.length > 0 ? asked : ['社会工作', '心理健康服务', '街道社工站', '民政部印发', '养老', '取得了明显成效'];
const module = (await import(pathToFileURL(path.resolve(outDir, 'assets', 'search-engine.js')).href)) as {
  createSearchEngine(o: { load(p: string, kind: string): Promise<unknown> }): { search(q: string): Promise<{ ids: number[] }>; documents(ids: number[]): Promise<unknown[]> };
};
let totals = { files: 0, raw: 0, gzip: 0 };
for (const query of queries) {
  const fetched = { files: 0, raw: 0, gzip: 0 };
  const engine = module.createSearchEngine({
    async load(file, kind) {
      const bytes = await readFile(path.resolve(outDir, 'search', 'index', file));
      fetched.files++;
      fetched.raw += bytes.byteLength;
      fetched.gzip += gzipSync(bytes).byteLength;
      return kind === 'json' ? JSON.parse(bytes.toString('utf8')) : new Uint8Array(bytes);
    },
  });
  const { ids } = await engine.search(query);
  await engine.documents(ids.slice(0, 20));
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  process.stdout.write(`${query}: ${ids.length} results, ${fetched.files} files, ${kb(fetched.raw)} (${kb(fetched.gzip)} gzipped)\n`);
  totals = { files: totals.files + fetched.files, raw: totals.raw + fetched.raw, gzip: totals.gzip + fetched.gzip };
}
process.stdout.write(`all ${queries.length} queries: ${totals.files} files, ${(totals.raw / 1024).toFixed(0)} KB (${(totals.gzip / 1024).toFixed(0)} KB gzipped)\n`);

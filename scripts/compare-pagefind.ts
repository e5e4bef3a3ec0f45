// How well Pagefind finds Chinese substrings, measured the way test/search.test.ts measures our
// own index: strings of 2 to 6 characters taken from the sample site's entries, and for each, are
// all the entries that contain it among the results? Pagefind is not a dependency; to run this:
//
//   npm install --no-save pagefind && npx tsc -p . && node --import tsx scripts/compare-pagefind.ts
//
// Each entry becomes one Pagefind custom record (language zh) holding exactly the text our index
// holds, and Pagefind's own browser search runs in headless Chromium.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildInto, renderedEntries } from '../test/support/built-site.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { loadSearchEngine, resultUrls } from '../test/support/search-client.ts';
import { random } from '../test/support/synthetic-site.ts';
import { startStaticServer } from '../test/support/static-server.ts';

interface PagefindIndex {
  addCustomRecord(record: { url: string; content: string; language: string; meta?: Record<string, string> }): Promise<{ errors: string[] }>;
  writeFiles(options: { outputPath: string }): Promise<{ errors: string[] }>;
}
const pagefindPackage = 'pagefind';
const pagefind = (await import(pagefindPackage)) as { createIndex(options?: object): Promise<{ index: PagefindIndex }>; close(): Promise<void> };

const SAMPLES = Number(process.env.SAMPLES ?? 2000);
const outDir = await buildInto('compare-pagefind');
const entries = await renderedEntries(outDir);
const fold = (text: string) => text.normalize('NFKC').toLowerCase();
const texts = new Map(entries.map((entry) => [entry.url, fold([entry.title, entry.body, ...entry.keywords].join(' '))]));

const { index } = await pagefind.createIndex();
for (const entry of entries) {
  const { errors } = await index.addCustomRecord({ url: `/${entry.url}`, content: [entry.title, entry.body, ...entry.keywords].join(' '), language: 'zh', meta: { title: entry.title } });
  if (errors.length > 0) throw new Error(errors.join('\n'));
}
await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
await pagefind.close();
await writeFile(path.join(outDir, 'pagefind-probe.html'), '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>probe</title></head><body></body></html>');

// The same deterministic sample of strings for both engines.
const next = random(987);
const queries = new Map<string, string[]>();
while (queries.size < SAMPLES) {
  const entry = entries[Math.floor(next() * entries.length)]!;
  const chars = [...fold(next() < 0.2 ? entry.title : entry.body)];
  const length = 2 + Math.floor(next() * 5);
  const start = Math.floor(next() * Math.max(1, chars.length - length));
  const query = chars.slice(start, start + length).join('');
  if ([...query].length < 2 || /[\s\p{P}]/u.test(query)) continue;
  queries.set(query, [...texts].filter(([, text]) => text.includes(query)).map(([url]) => url));
}

const server = await startStaticServer();
server.serve(outDir, '/digest/');
const browser = await launchChromium();
const page = await browser.context.newPage();
await page.goto(`${server.origin}/digest/pagefind-probe.html`);
const found = (await page.evaluate(async ({ list, script }: { list: string[]; script: string }) => {
  const pf = await import(script);
  await pf.init();
  const out: Record<string, string[]> = {};
  for (const query of list) {
    const search = await pf.search(query);
    const data = await Promise.all(search.results.map((result: { data(): Promise<{ url: string }> }) => result.data()));
    out[query] = data.map((d: { url: string }) => d.url.replace(/^\/digest\//, ''));
  }
  return out;
}, { list: [...queries.keys()], script: '/digest/pagefind/pagefind.js' })) as Record<string, string[]>;
await browser.close();
await server.close();

const { engine } = await loadSearchEngine(outDir);
const tally = { queries: 0, pairs: 0, pagefind: { complete: 0, pairs: 0, results: 0, wrong: 0 }, ours: { complete: 0, pairs: 0, results: 0, wrong: 0 } };
const missedExamples: string[] = [];
const byLength = new Map<number, { n: number; pagefind: number }>();
for (const [query, expected] of queries) {
  if (expected.length === 0) continue;
  tally.queries++;
  tally.pairs += expected.length;
  const pf = new Set(found[query] ?? []);
  const ours = new Set(await resultUrls(engine, query));
  const pfHits = expected.filter((url) => pf.has(url)).length;
  const ourHits = expected.filter((url) => ours.has(url)).length;
  tally.pagefind.pairs += pfHits;
  tally.ours.pairs += ourHits;
  tally.pagefind.results += pf.size;
  tally.pagefind.wrong += [...pf].filter((url) => !expected.includes(url)).length;
  tally.ours.results += ours.size;
  tally.ours.wrong += [...ours].filter((url) => !expected.includes(url)).length;
  if (pfHits < expected.length && missedExamples.length < 8) missedExamples.push(`${query} (${pfHits} of ${expected.length})`);
  if (pfHits === expected.length) tally.pagefind.complete++;
  if (ourHits === expected.length) tally.ours.complete++;
  const length = [...query].length;
  const row = byLength.get(length) ?? { n: 0, pagefind: 0 };
  row.n++;
  if (pfHits === expected.length) row.pagefind++;
  byLength.set(length, row);
}
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`${tally.queries} strings of 2-6 characters from ${entries.length} entries`);
console.log(`pagefind: every containing entry found for ${pct(tally.pagefind.complete, tally.queries)} of strings; ${pct(tally.pagefind.pairs, tally.pairs)} of (string, entry) pairs`);
console.log(`ours:     every containing entry found for ${pct(tally.ours.complete, tally.queries)} of strings; ${pct(tally.ours.pairs, tally.pairs)} of (string, entry) pairs`);
console.log(`results not containing the string: pagefind ${pct(tally.pagefind.wrong, tally.pagefind.results)}, ours ${pct(tally.ours.wrong, tally.ours.results)}`);
console.log(`pagefind missed, for example: ${missedExamples.join('; ')}`);
for (const [length, row] of [...byLength].sort((a, b) => a[0] - b[0])) console.log(`  length ${length}: pagefind complete for ${pct(row.pagefind, row.n)} of ${row.n}`);
const pfSize = (await import('node:child_process')).execSync(`du -sb ${path.join(outDir, 'pagefind')} ${path.join(outDir, 'search', 'index')}`).toString();
console.log(pfSize.trim());

// Measures the search index and feeds at archive scale: generates a corpus like the sample site
// but large (default 15,000 entries, ~68 MB of Markdown), builds the model, then times the index
// build and reports its size on disk and what typical queries fetch.
//
//   node --import tsx scripts/measure-search-index.ts [--entries 15000] [--chars 1500] [--dir /tmp/digest-corpus]
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from '../src/build.ts';
import { buildFeeds } from '../src/feeds/site-feeds.ts';
import { addDays } from '../src/calendar-date.ts';
import { createEnvironment } from '../src/render/environment.ts';
import { buildSearchIndex } from '../src/search/search-index.ts';
import { seededRandom as random } from './seeded-random.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { entries: { type: 'string', default: '15000' }, chars: { type: 'string', default: '1500' }, dir: { type: 'string', default: '/tmp/digest-corpus' } } });
const ENTRIES = Number(values.entries);
const CHARS = Number(values.chars);
const ROOT = path.resolve(String(values.dir));
const PER_ISSUE = 30;

/** Sentences of the sample site, some characters swapped for others, so the text reads like the digest but varies. */
async function generate(): Promise<void> {
  const issues = path.join(REPO, 'content', 'issues');
  const sentences: string[] = [];
  const chars = new Set<string>();
  for (const file of await readdir(issues, { recursive: true })) {
    if (!file.endsWith('.md') || file.endsWith('index.md')) continue;
    const body = (await readFile(path.join(issues, file), 'utf8')).split(/^---$/m)[2] ?? '';
    for (const sentence of body.split(/(?<=[。；！？])/)) if (sentence.trim().length > 8) sentences.push(sentence.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, '').replace(/^[-*]/, ''));
    for (const char of body) if (/\p{Script=Han}/u.test(char)) chars.add(char);
  }
  const pool = [...chars];
  const next = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const sentence = () => Array.from(pick(sentences), (char) => (next() < 0.08 && /\p{Script=Han}/u.test(char) ? pick(pool) : char)).join('');
  await rm(ROOT, { recursive: true, force: true });
  await mkdir(path.join(ROOT, 'content'), { recursive: true });
  await writeFile(path.join(ROOT, 'content', 'site.yml'), await readFile(path.join(REPO, 'content', 'site.yml')));
  const regions = ['全国', '云南省', '山东省/济南市', '湖南省', '四川省/成都市', '广东省/深圳市', '浙江省/杭州市'];
  const sections = ['policy/central', 'policy/local', 'federation', 'industry', 'research'];
  const sources = Array.from({ length: 120 }, (_, i) => `来源${pick(pool)}${pick(pool)}${i}`);
  const tags = Array.from({ length: 600 }, () => pick(pool) + pick(pool) + pick(pool));
  let start = '2012-01-02';
  for (let written = 0, issue = 0; written < ENTRIES; issue++) {
    const folder = path.join(ROOT, 'content', 'issues', start.slice(0, 4), start);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'index.md'), `---\nnumber: ${issue + 1}\n---\n`);
    for (let e = 0; e < PER_ISSUE && written < ENTRIES; e++, written++) {
      const paragraphs: string[] = [];
      let length = 0;
      while (length < CHARS) {
        const paragraph = Array.from({ length: 3 }, sentence).join('');
        paragraphs.push(paragraph);
        length += [...paragraph].length;
      }
      const front = ['---', `title: ${JSON.stringify(sentence().slice(0, 30))}`, `section: ${pick(sections)}`, `region: ${pick(regions)}`, `source: ${JSON.stringify(pick(sources))}`, `tags: [${JSON.stringify(pick(tags))}, ${JSON.stringify(pick(tags))}]`, '---'];
      await writeFile(path.join(folder, `${String(e + 1).padStart(2, '0')}-entry-${e + 1}.md`), `${front.join('\n')}\n${paragraphs.join('\n\n')}\n`);
    }
    start = addDays(start, 7);
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const time = async <T>(label: string, run: () => T | Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

await time('generate corpus', generate);
let markdown = 0;
for (const file of await readdir(path.join(ROOT, 'content'), { recursive: true })) if (file.endsWith('.md')) markdown += (await readFile(path.join(ROOT, 'content', file))).byteLength;
console.log(`corpus: ${ENTRIES} entries, ${mb(markdown)} of Markdown`);

const result = await time('load, parse, validate, model', () => build({ root: ROOT, write: false }));
if (!result.site) throw new Error('the corpus did not build');
const site = result.site;
const bodies = result.bodies!;
const memoryBefore = process.memoryUsage().heapUsed;
const files = await time('search index build', () => buildSearchIndex(site, bodies));
console.log(`heap grown by the index build: ${mb(process.memoryUsage().heapUsed - memoryBefore)}`);
const size = (prefix: string) => files.filter((f) => f.path.includes(prefix)).reduce((n, f) => n + f.contents.byteLength, 0);
const postings = files.filter((f) => f.path.includes('/postings/'));
const largest = Math.max(...postings.map((f) => f.contents.byteLength));
const gzipped = files.reduce((n, f) => n + gzipSync(f.contents).byteLength, 0);
console.log(`index gzipped (as a host sends it): ${mb(gzipped)}`);
console.log(`index: ${files.length} files, ${mb(size('search/index/'))} (postings ${mb(size('/postings/'))} in ${postings.length} shards, largest ${mb(largest)}; texts ${mb(size('/docs/'))}; meta ${mb(size('meta.json'))})`);

// Queries, through the browser's engine over the files in memory.
const byPath = new Map(files.map((f) => [f.path.slice('search/index/'.length), f.contents]));
const engineModule = (await import(pathToFileURL(path.join(REPO, 'public', 'assets', 'search-engine.js')).href)) as {
  createSearchEngine(o: { load(p: string, kind: string): Promise<unknown> }): { search(q: string): Promise<{ ids: number[] }>; documents(ids: number[]): Promise<unknown[]> };
};
for (const query of ['社会工作', '心理援助', '社工站', '边境地区留守儿童', '乡镇（街道）']) {
  let fetched = 0;
  const engine = engineModule.createSearchEngine({
    async load(p, kind) {
      const contents = byPath.get(p)!;
      fetched += contents.byteLength;
      return kind === 'json' ? JSON.parse(Buffer.from(contents).toString('utf8')) : contents;
    },
  });
  const started = performance.now();
  const { ids } = await engine.search(query);
  await engine.documents(ids.slice(0, 20));
  console.log(`query ${query}: ${ids.length} entries, ${mb(fetched)} fetched (meta included), ${(performance.now() - started).toFixed(0)} ms in Node`);
}

const env = createEnvironment({ config: site.config, templateDirs: [] });
const feeds = await time('feeds build', () => buildFeeds({ site, bodies, env, exists: () => true }));
const feedBytes = feeds.reduce((n, f) => n + Buffer.byteLength(String(f.contents)), 0);
console.log(`feeds: ${feeds.length} files, ${mb(feedBytes)}; site feed ${mb(Buffer.byteLength(String(feeds[0]!.contents)))}`);
console.log(`peak memory (RSS) of this process: ${mb(process.resourceUsage().maxRSS * 1024)}`);

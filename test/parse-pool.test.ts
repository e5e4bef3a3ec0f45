// Parse workers may be handed files ahead, before the build knows its base path and content files
// for sure. Whatever they parsed ahead must be used only when it is what the build asks for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFile, startParsePool, type HtmlContext, type ParseJob, type ParseResult } from '../src/build/parse-pool.ts';
import { renderOwnedMarkdown } from '../src/render/entry-html.ts';

const FOLDER = 'content/issues/2025/2025-11-17';
const knownPaths = Array.from({ length: 400 }, (_, n) => `${FOLDER}/${String(n + 1).padStart(3, '0')}-entry-${n + 1}.md`);

function entry(n: number, extra = ''): ParseJob {
  const text = `---\ntitle: 第${n}条\nsection: federation\nsource: 社工中国网\n---\n正文${n}，见[上一条](./${knownPaths[(n + 399) % 400]!.split('/').pop()})。${extra}\n`;
  return { path: knownPaths[n]!, bytes: new TextEncoder().encode(text) };
}

/** What the main thread makes of `jobs` under `html`, as plain data. */
function expected(jobs: readonly ParseJob[], html: HtmlContext) {
  const known = new Set(html.knownPaths);
  return jobs.map((job) => plain(parseFile(job, (tree) => renderOwnedMarkdown(tree, { sourcePath: job.path, headingOffset: 1, basePath: html.basePath, exists: (p) => known.has(p) }))));
}

/** A result's fields as plain data, whatever form they crossed threads in (places travel packed). */
function plain(result: ParseResult | undefined) {
  if (!result) return result;
  const { data, places, blank, frontmatterEndLine, problems, facts } = result.summary;
  return structuredClone({ html: result.html, summary: { data, places: { ...places }, blank, frontmatterEndLine, problems, facts } });
}

test('files parsed ahead under another base path or set of files, or with other bytes, are parsed again', async () => {
  const jobs = knownPaths.map((_path, n) => entry(n));
  const aheadContexts: (HtmlContext | null)[] = [
    { basePath: '/other/', knownPaths },
    { basePath: '/digest/', knownPaths: knownPaths.slice(1) },
    { basePath: '/digest/', knownPaths: [`${FOLDER}/000-gone.md`, ...knownPaths.slice(1)] },
    null,
  ];
  const final: HtmlContext = { basePath: '/digest/', knownPaths };
  for (const ahead of aheadContexts) {
    const pool = startParsePool(jobs.length, 2)!;
    try {
      pool.setContext(ahead);
      for (const job of jobs) pool.offer(job);
      const results = await pool.run(jobs, final);
      assert.deepEqual(results.map(plain), expected(jobs, final));
      assert.match(results[1]!.html!, /href="\/digest\/issues\/2025-11-17\/#entry-1"/);
    } finally {
      await pool.close();
    }
  }
});

test('files parsed ahead under the same context are used only for the same bytes', async () => {
  const offered = knownPaths.map((_path, n) => entry(n));
  // Every third file changed after it was handed over (a build's bytes are what counts).
  const jobs = offered.map((job, n) => (n % 3 === 0 ? entry(n, '后来修改。') : job));
  const html: HtmlContext = { basePath: '/digest/', knownPaths };
  const pool = startParsePool(jobs.length, 2)!;
  try {
    pool.setContext(html);
    for (const job of offered) pool.offer(job);
    const seen = new Set<number>();
    const results = await pool.run(jobs, html, (index) => {
      assert.ok(!seen.has(index), `result ${index} reported twice`);
      seen.add(index);
    });
    assert.equal(seen.size, jobs.length);
    assert.deepEqual(results.map(plain), expected(jobs, html));
    assert.match(results[3]!.html!, /后来修改/);
  } finally {
    await pool.close();
  }
});

test('the early guess of the base path is the one loadConfig makes, without loading the schema', async () => {
  const { guessBasePath } = await import('../src/build/early-parse.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { VFile } = await import('vfile');
  const site = (url: string) => `title: 周报\ndescription: 每周要闻\nlanguage: zh-CN\nurl: ${url}\nsections:\n  - { id: federation, title: 联合会动态 }\n`;
  for (const url of ['https://example.org/', 'https://example.org/digest', '"https://example.org/周报/"', "'https://example.org/weekly/digest/'"]) {
    for (const baseUrl of [undefined, 'https://cdn.example.org/mirror/']) {
      const bytes = new TextEncoder().encode(site(url));
      const file = new VFile({ path: 'content/site.yml', value: bytes });
      const config = loadConfig(file, { baseUrl });
      assert.ok(config, `${url}: ${file.messages.join('; ')}`);
      assert.equal(guessBasePath(bytes, baseUrl), config!.basePath, `${url} ${baseUrl}`);
    }
  }
  assert.equal(guessBasePath(new TextEncoder().encode('title: [unclosed'), undefined), null);
  assert.equal(guessBasePath(new TextEncoder().encode('title: no url\n'), undefined), null);
});

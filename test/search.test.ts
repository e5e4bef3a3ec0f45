import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { buildInto, renderedEntries, TMP, type RenderedEntry } from './support/built-site.ts';
import { loadSearchEngine, resultUrls, type EngineModule, type SearchEngine } from './support/search-client.ts';
import { random, writeSyntheticSite } from './support/synthetic-site.ts';

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** Entries whose rendered title, body or one of its linked names contains the string (folded). */
function containing(entries: readonly RenderedEntry[], query: string): string[] {
  const wanted = fold(query);
  return entries.filter((entry) => [entry.title, entry.body, ...entry.keywords].some((field) => fold(field).includes(wanted))).map((entry) => entry.url);
}

/** Every 1- to 6-character string of the entries' texts without whitespace -> the entries containing it. */
function allSubstrings(entries: readonly RenderedEntry[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const entry of entries) {
    for (const field of [entry.title, entry.body, ...entry.keywords]) {
      const chars = [...fold(field)];
      for (let start = 0; start < chars.length; start++) {
        for (let length = 1; length <= 6 && start + length <= chars.length; length++) {
          const text = chars.slice(start, start + length).join('');
          if (/\s/.test(text)) break;
          let urls = found.get(text);
          if (!urls) found.set(text, (urls = new Set()));
          urls.add(entry.url);
        }
      }
    }
  }
  return found;
}

/** Compares results to the entries that contain the query; returns a line per difference. */
async function recallProblems(engine: SearchEngine, queries: Iterable<[string, Set<string>]>): Promise<string[]> {
  const problems: string[] = [];
  for (const [query, expected] of queries) {
    const found = new Set(await resultUrls(engine, query));
    const missed = [...expected].filter((url) => !found.has(url));
    const extra = [...found].filter((url) => !expected.has(url));
    const list = (urls: string[]) => (urls.length === 0 ? '-' : `${urls.slice(0, 3).join(' ')}${urls.length > 3 ? ` and ${urls.length - 3} more` : ''}`);
    if (missed.length > 0 || extra.length > 0) problems.push(`"${query}": missed ${list(missed)}; found but not containing it: ${list(extra)}`);
  }
  return problems;
}

describe('search over the sample site', () => {
  let outDir = '';
  let entries: RenderedEntry[] = [];
  let engine: SearchEngine;
  let module: EngineModule;

  before(async () => {
    outDir = await buildInto('search-sample');
    entries = await renderedEntries(outDir);
    ({ engine, module } = await loadSearchEngine(outDir));
  });

  it('indexes every entry of every issue page', async () => {
    assert.ok(entries.length >= 40, `only ${entries.length} entries read from the issue pages`);
    assert.equal((await engine.meta()).docCount, entries.length);
  });

  it('finds 心理援助 in every entry that contains it, in body, title or tags', async () => {
    const expected = containing(entries, '心理援助');
    assert.ok(expected.length >= 5, 'the sample site mentions 心理援助 in several entries');
    assert.deepEqual((await resultUrls(engine, '心理援助')).sort(), expected.sort());
  });

  it('finds every 1- to 6-character string of every entry in exactly the entries that contain it', async (t) => {
    const substrings = allSubstrings(entries);
    assert.ok(substrings.size > 20000, `only ${substrings.size} distinct strings`);
    const problems = await recallProblems(engine, [...substrings].sort(([a], [b]) => (a < b ? -1 : 1)));
    t.diagnostic(`${substrings.size} distinct strings checked, ${problems.length} wrong`);
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it('lists results newest issue first, with title, issue, and an excerpt that marks the match', async () => {
    const { ids, words } = await engine.search('医务社会工作');
    const docs = await engine.documents(ids);
    assert.ok(docs.length >= 2);
    const starts = docs.map((doc) => doc.issueStart);
    assert.deepEqual(starts, [...starts].sort().reverse());
    for (const doc of docs) {
      assert.match(doc.issueTitle, /社会工作一周动态/);
      assert.match(doc.url, /^issues\/\d{4}-\d{2}-\d{2}\/#[a-z0-9-]+$/);
      const pieces = module.excerpt(doc, words);
      const marked = pieces.filter((piece) => piece.match).map((piece) => piece.text);
      if (doc.body.includes('医务社会工作')) assert.ok(marked.includes('医务社会工作'), `${doc.url}: ${JSON.stringify(pieces)}`);
      assert.ok(pieces.map((piece) => piece.text).join('').length <= 102);
    }
  });

  it('needs every word of a query of several words', async () => {
    const both = await resultUrls(engine, '成都 医务');
    assert.ok(both.length > 0);
    assert.deepEqual(both.sort(), containing(entries, '成都').filter((url) => containing(entries, '医务').includes(url)).sort());
    assert.deepEqual(await resultUrls(engine, '成都 不存在的词'), []);
  });

  it('searches words of one character too, alone or beside longer words', async () => {
    assert.deepEqual(module.queryWords('社 会工 x 社'), [['社'], ['会', '工'], ['x']]);
    assert.deepEqual((await resultUrls(engine, '站')).sort(), containing(entries, '站').sort());
    const both = await resultUrls(engine, '社工 站');
    const withStation = containing(entries, '站');
    assert.deepEqual(both.sort(), containing(entries, '社工').filter((url) => withStation.includes(url)).sort());
    assert.ok(both.length > 0 && both.length < (await resultUrls(engine, '社工')).length, '站 narrows the results of 社工');
  });

  it('keeps blocks apart in the stored text and joins them as Chinese is written in excerpts', async () => {
    const { ids, words } = await engine.search('建设');
    const docs = await engine.documents(ids);
    const broken = docs.filter((doc) => doc.body.includes(module.BLOCK_BREAK));
    assert.ok(broken.length > 0, 'some entries have several paragraphs');
    for (const doc of docs) {
      const text = module.excerpt(doc, words, 100000).map((piece) => piece.text).join('');
      assert.doesNotMatch(text, /[\p{Script=Han}。，；：！？）”] [\p{Script=Han}（“]/u, `${doc.url}: a space between Chinese blocks`);
      assert.doesNotMatch(text, /\n/, doc.url);
    }
    assert.equal(module.blockJoiner('。', '建'), '');
    assert.equal(module.blockJoiner('.', 'N'), ' ');
    assert.equal(module.blockJoiner('AI', '赋能'), '');
  });

  it('holds the issue date of each result with its year, and its region, sources and tags apart', async () => {
    const [doc] = await engine.documents((await engine.search('心理援助')).ids.slice(0, 1));
    assert.match(doc!.issueStart, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Array.isArray(doc!.sources) && doc!.sources.length > 0);
    assert.ok(Array.isArray(doc!.tags));
    assert.equal(doc!.keywords, [doc!.region, ...doc!.sources, ...doc!.tags].filter((name) => name !== '').join(' '));
    const jinan = await engine.documents((await engine.search('济南', { region: '山东省/济南市' })).ids);
    assert.ok(jinan.length > 0 && jinan.every((entry) => entry.region === '山东省 · 济南市'), 'the region as the entry page labels it');
  });

  it('narrows results by section, region and source, a section or region including its children', async () => {
    const all = await engine.documents((await engine.search('社会工作')).ids);
    const within = async (filters: { section?: string; region?: string; source?: string }) => resultUrls(engine, '社会工作', filters);
    const policy = await within({ section: 'policy' });
    assert.ok(policy.length > 0 && policy.length < all.length);
    assert.deepEqual(policy, all.filter((doc) => ['中央政策', '地方政策', '政策参考'].includes(doc.section)).map((doc) => doc.url));
    const central = await within({ section: 'policy/central' });
    assert.ok(central.length > 0 && central.length < policy.length);

    const shandong = await within({ region: '山东省' });
    const jinan = await within({ region: '山东省/济南市' });
    assert.ok(jinan.length > 0);
    assert.ok(jinan.every((url) => shandong.includes(url)), 'a province includes its cities');

    const source = await within({ source: '民政部官网' });
    assert.ok(source.length > 0 && source.length < all.length);
    assert.ok(all.filter((doc) => source.includes(doc.url)).every((doc) => doc.keywords.includes('民政部官网')));
  });
});

describe('search over a site whose index spans many shards', () => {
  let outDir = '';
  let entries: RenderedEntry[] = [];

  before(async () => {
    const root = path.join(TMP, 'search-synthetic-root');
    await writeSyntheticSite(root, { issues: 30, entriesPerIssue: 12, seed: 5 });
    outDir = await buildInto('search-synthetic', { root });
    entries = await renderedEntries(outDir);
  });

  it('finds sampled 1- to 6-character strings in exactly the entries that contain them', async (t) => {
    const { engine } = await loadSearchEngine(outDir);
    assert.ok((await engine.meta()).shardCount >= 4, 'the index should span several shards');
    const next = random(20251124);
    const queries = new Map<string, Set<string>>();
    while (queries.size < 1500) {
      const entry = entries[Math.floor(next() * entries.length)]!;
      const chars = [...(next() < 0.1 ? entry.title : entry.body)];
      const length = 1 + Math.floor(next() * 6);
      const start = Math.floor(next() * Math.max(1, chars.length - length));
      const query = chars.slice(start, start + length).join('');
      if (query === '' || /\s/.test(query)) continue;
      queries.set(query, new Set(containing(entries, query)));
    }
    for (const special of ['covid-19', 'ＣＯＶＩＤ－１９', '𠮷野', '哈哈哈', '２０２５年', 'ai赋能', '𠮷', 'Ｃ', '哈']) queries.set(special, new Set(containing(entries, special)));
    assert.ok(queries.get('covid-19')!.size > 0 && queries.get('𠮷野')!.size > 0, 'the synthetic site holds the special strings');
    const problems = await recallProblems(engine, queries);
    t.diagnostic(`${queries.size} strings checked over ${entries.length} entries, ${problems.length} wrong`);
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it('fetches only the index files a query needs', async () => {
    const { engine, fetched } = await loadSearchEngine(outDir);
    const { shardCount, docCount, segments } = await engine.meta();
    const { ids } = await engine.search('社会工作');
    const postings = fetched.filter((file) => file.startsWith('postings/'));
    // One shard per bigram in each segment (the past, and the recent issues).
    assert.equal(segments.length, 2, 'the synthetic site has a past and a recent segment');
    assert.ok(postings.length >= 1 && postings.length <= 3 * segments.length, `three bigrams, ${postings.length} shards fetched`);
    assert.ok(postings.length < shardCount);
    await engine.documents(ids.slice(0, 20));
    const chunks = fetched.filter((file) => file.startsWith('docs/'));
    assert.ok(chunks.length >= 1 && chunks.length < Math.ceil(docCount / 16), `${chunks.length} text chunks for 20 results`);
  });
});

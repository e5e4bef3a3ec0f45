// Characters XML forbids (a vertical tab pasted from Word, C0 controls, U+FFFF, a lone surrogate
// from a YAML escape) and names with & and < in content: the built site carries none of the
// forbidden characters in any page, feed, sitemap or index file, every feed parses, and a tag
// such as R&D or <新> reads back from its feeds as written. (What check says about them:
// test/fixtures-invalid/control-characters, run by validation.test.ts.)
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import { textCharacters } from '../src/parse/character-problems.ts';
import { assertNoStackTrace, copySite, REPO, removeTempDirs, runCli } from './helpers/cli.ts';
import { xmlError } from './support/well-formed-xml.ts';

const FIXTURE = path.join(REPO, 'test', 'fixtures-invalid', 'control-characters');
const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]/u;

/** Every string inside a parsed JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return [...Object.keys(value), ...Object.values(value).flatMap(stringsOf)];
  return [];
}

describe('content with characters XML forbids', () => {
  let out: string;
  let files: string[];
  before(async () => {
    const root = await copySite(FIXTURE);
    out = path.join(path.dirname(root), 'out');
    const result = await runCli(['build', '--root', root, '--out', out]);
    assertNoStackTrace(result);
    assert.equal(result.code, 0, result.stderr);
    files = (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && /\.(html|xml|json)$/.test(entry.name))
      .map((entry) => path.relative(out, path.join(entry.parentPath, entry.name)));
  });
  after(removeTempDirs);

  it('builds pages, feeds, sitemap and search index without any of them', async () => {
    assert.ok(files.some((file) => file.endsWith('.json') && file.includes('search')), files.join('\n'));
    const carrying: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(out, file), 'utf8');
      // JSON may carry them as \u escapes: the parsed strings are what a reader gets.
      const strings = file.endsWith('.json') ? stringsOf(JSON.parse(text)) : [text];
      if (strings.some((string) => FORBIDDEN.test(string))) carrying.push(file);
    }
    assert.deepEqual(carrying, []);
  });

  it('writes every feed well-formed, a tag named R&D or <新> as its label', async () => {
    const feeds = files.filter((file) => file.endsWith('.xml'));
    assert.ok(feeds.length > 5, feeds.join('\n'));
    for (const feed of feeds) assert.equal(xmlError(await readFile(path.join(out, feed), 'utf8'), feed), null);
    const labels = new Set<string>();
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      if (tag.name === 'category') labels.add(String(tag.attributes.label));
    });
    parser.write(await readFile(path.join(out, 'sections', 'industry', 'feed.xml'), 'utf8')).close();
    for (const label of ['R&D', '<新>', 'a\uFFFDb']) assert.ok(labels.has(label), `category ${label} in ${[...labels].join(', ')}`);
  });

  it('shows a vertical tab as a space, in the title and the body', async () => {
    const page = await readFile(path.join(out, 'issues', '2025-11-24', 'index.html'), 'utf8');
    assert.ok(page.includes('从Word 粘贴的标题'), 'title');
    assert.ok(page.includes('第一段 第二行。'), 'body');
  });
});

describe('a file full of them', () => {
  it('gets ten messages of each kind and one that counts the rest, in one pass', () => {
    const line = `${'\v'.repeat(1000)}\u202e😀\n`;
    const text = line.repeat(1000);
    const started = performance.now();
    const { text: cleaned, problems } = textCharacters(text);
    assert.ok(performance.now() - started < 2000, 'a megabyte in well under two seconds');
    assert.equal(cleaned.length, text.length);
    assert.ok(!/\v/.test(cleaned));
    const control = problems.filter((problem) => problem.ruleId === 'control-character');
    const bidi = problems.filter((problem) => problem.ruleId === 'bidi-control');
    assert.equal(control.length, 11);
    assert.match(control.at(-1)!.reason, /^999990 more control characters/);
    assert.deepEqual(bidi.slice(0, 2).map((problem) => problem.place), [{ line: 1, column: 1001 }, { line: 2, column: 1001 }]);
    assert.match(bidi.at(-1)!.reason, /^990 more bidirectional controls/);
  });
});

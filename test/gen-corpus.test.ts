// The benchmark corpora: each profile writes the same bytes for the same arguments, passes
// `digest check` with no errors and builds; the real and holdout profiles hold every shape the
// benchmark is meant to cover.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { corpusFiles, PROFILES, writeCorpus, type CorpusOptions } from '../scripts/gen-corpus.ts';
import { runDigest } from './support/digest-cli.ts';

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const options = (profile: CorpusOptions['profile'], entries: number): CorpusOptions => ({ issues: Math.ceil(entries / 15), perIssue: 15, seed: 3, profile, entries });

const text = (profile: CorpusOptions['profile'], entries: number) =>
  [...corpusFiles(options(profile, entries))].map((file) => (typeof file.text === 'string' ? file.text : '')).join('\n\u0000\n');

for (const profile of PROFILES) {
  test(`the ${profile} corpus passes digest check and builds`, async () => {
    const root = mkdtempSync(path.join(tmpdir(), `digest-corpus-${profile}-`));
    temporary.push(root);
    await writeCorpus(root, options(profile, 120));
    const entries = readdirSync(path.join(root, 'content/issues'), { recursive: true }).filter((name) => String(name).endsWith('.md') && !String(name).endsWith('index.md'));
    assert.equal(entries.length, 120);
    const check = runDigest(['check', '--root', root]);
    assert.equal(check.status, 0, check.stderr);
    assert.doesNotMatch(check.stderr, /\berror\b/);
    const built = runDigest(['build', '--root', root, '--no-cache']);
    assert.equal(built.status, 0, built.stderr);
    assert.ok(existsSync(path.join(root, 'dist/index.html')));
    assert.ok(existsSync(path.join(root, 'dist/search/index.html')));
  });
}

test('the same arguments write the same bytes; real and holdout differ', () => {
  assert.equal(text('real', 60), text('real', 60));
  assert.notEqual(text('real', 60), text('holdout', 60));
});

test('the real and holdout corpora hold the shapes of real content', () => {
  for (const profile of ['real', 'holdout'] as const) {
    const all = text(profile, 600);
    const shapes: [string, RegExp][] = [
      ['a double-quoted scalar', /^title: "/m],
      ['a single-quoted scalar', /^(?:title|section|region): '/m],
      ['an unquoted scalar', /^title: [^"'\n]/m],
      ['a flow list', /^(?:source|tags): \[[^"'\]]/m],
      ['a flow list of quoted items', /^(?:source|tags): \["/m],
      ['a block list', /^(?:source|tags):\n {0,2}- [^"']/m],
      ['a block list of quoted items (a CMS)', /^(?:source|tags):\n {2}- "/m],
      ['a comment', /^# /m],
      ['a blockquote', /^> \S/m],
      ['a quoted list', /^> [-*] /m],
      ['a nested list', /^[-*] .*\n {2}[-*] /m],
      ['an ordered list', /^1\. /m],
      ['an image', /!\[[^\]]*\]\(/],
      ['an image of the issue folder', /!\[[^\]]*\]\(photo-1\.png\)/],
      ['a table', /^\| .* \|\n\| --- \|/m],
      ['a code span', /`[^`\n]+`/],
      ['a fenced block', /^```text$/m],
      ['CRLF line ends', /\r\n/],
      ['a short region name', /^region: (?:"|')?(?:北京|上海|湖南|广东|四川|河南|山东|江苏|浙江)(?:"|')?$/m],
      ['an ISO date, quoted (a CMS)', /^published: "\d{4}-\d{2}-\d{2}"$/m],
      ['an issue as digest import writes it', /^original_url: https:\/\/mp\.example\.org\/s\/\w+\n---\n/m],
      ['an escaped character (digest import)', /\\[#`*[]/],
    ];
    for (const [shape, pattern] of shapes) assert.match(all, pattern, `${profile}: ${shape}`);
  }
});

test('the synthetic profile is what it was: bytes of entry 1 at seed 1', () => {
  const files = [...corpusFiles({ issues: 1, perIssue: 2, seed: 1 })];
  assert.deepEqual(
    files.map((file) => file.path),
    ['content/site.yml', 'content/issues/2025/2025-11-24/index.md', 'content/issues/2025/2025-11-24/01-entry-1.md', 'content/issues/2025/2025-11-24/02-entry-2.md'],
  );
  assert.match(String(files[2]!.text), /^---\ntitle: \S+\nsection: \S+\nsource: \[/);
});

// site.yml's url prefixes every link, the stylesheet, the search script and every feed id: a url
// a URL parser accepts but that points elsewhere or breaks XML is refused, with its place, and
// so is the same url given as --base-url.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { assertNoStackTrace, copySite, REPO, removeTempDirs, runCli } from './helpers/cli.ts';

const BASIC = path.join(REPO, 'test', 'fixtures', 'basic');

const HOSTILE: readonly [url: string, says: RegExp][] = [
  ['https://example.org//evil.example/', /starts with \/\//],
  ['https://example.org/\\evil.example/', /backslash/],
  ['https://example.org\\evil.example/', /backslash/],
  ['https://example.org/digest/?utm=1', /query/],
  ['https://example.org/digest/#top', /fragment/],
  ['https://example.org/r&d/', /"&"/],
  ['https://example.org/my digest/', /space/],
  ['https://user:secret@example.org/digest/', /password/],
  ['https://example.org/"><script>/', /"""|"<"|">"/],
];

async function siteWithUrl(url: string): Promise<string> {
  const root = await copySite(BASIC);
  const file = path.join(root, 'content', 'site.yml');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace(/^url: .*$/m, `url: ${JSON.stringify(url)}`));
  return root;
}

after(removeTempDirs);

describe("site.yml's url", () => {
  for (const [url, says] of HOSTILE) {
    it(`refuses ${url} in site.yml, at its line, and as --base-url`, async () => {
      const root = await siteWithUrl(url);
      const checked = await runCli(['check', '--root', root, '--format', 'json']);
      assertNoStackTrace(checked);
      assert.equal(checked.code, 1, checked.stderr);
      const messages = JSON.parse(checked.stdout) as { file: string; line: number; ruleId: string; message: string }[];
      const line = (await readFile(path.join(root, 'content', 'site.yml'), 'utf8')).split('\n').findIndex((text) => text.startsWith('url:')) + 1;
      assert.deepEqual(
        messages.filter((message) => message.file.endsWith('site.yml')).map(({ file, line, ruleId }) => ({ file, line, ruleId })),
        [{ file: 'content/site.yml', line, ruleId: 'invalid-field' }],
      );
      assert.match(messages.find((message) => message.file.endsWith('site.yml'))!.message, says);

      const out = path.join(path.dirname(root), 'out');
      const built = await runCli(['build', '--root', await siteWithUrl('https://example.org/digest/'), '--out', out, '--base-url', url]);
      assertNoStackTrace(built);
      assert.equal(built.code, 2, built.stderr);
      assert.match(built.stderr, says);
      assert.equal(existsSync(out), false);
    });
  }

  it('accepts a port and a non-ASCII path, written percent-encoded in every link', async () => {
    const root = await siteWithUrl('https://example.org:8080/周报');
    const out = path.join(path.dirname(root), 'out');
    const built = await runCli(['build', '--root', root, '--out', out]);
    assert.equal(built.code, 0, built.stderr);
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    assert.match(feed, /https:\/\/example\.org:8080\/%E5%91%A8%E6%8A%A5\//);
    assert.doesNotMatch(feed, /周报\//);
    const home = await readFile(path.join(out, 'index.html'), 'utf8');
    assert.match(home, /href="\/%E5%91%A8%E6%8A%A5\//);
  });
});

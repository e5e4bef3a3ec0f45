// Hostile Markdown bodies (scripts/hostile-markdown-cases.ts), generated at the sizes that once
// took minutes or gigabytes, each answered by the real CLI: refused with rule id and place, or
// built. The time limit is a hang guard, not a benchmark (scripts/hostile-markdown.ts measures).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { benignBody, HOSTILE_CASES } from '../scripts/hostile-markdown-cases.ts';
import { assertNoStackTrace, removeTempDirs, runCli, tempDir } from './helpers/cli.ts';

const HANG_GUARD_MS = 20_000;
const ENTRY = 'content/issues/2025/2025-11-24/01-case.md';

interface ReportedMessage {
  file: string;
  line: number | null;
  column: number | null;
  ruleId: string | null;
  message: string;
}

async function siteWith(body: string): Promise<string> {
  const root = path.join(await tempDir(), 'site');
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };
  await write('content/site.yml', 'title: 测试站点\nurl: https://example.org/\nsections:\n  - { id: industry, title: 行业动态 }\n');
  await write('content/issues/2025/2025-11-24/index.md', '---\nnumber: 1\n---\n');
  await write(ENTRY, `---\ntitle: 条目\nsection: industry\nsource: 民政部\n---\n${body}`);
  return root;
}

after(removeTempDirs);

describe('hostile Markdown is answered, not parsed for minutes', { concurrency: 2 }, () => {
  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.name} (${Math.round(hostile.size / 1024)} KB) is refused with its place`, async () => {
      const root = await siteWith(hostile.body(hostile.size));
      const result = await runCli(['check', '--root', root, '--format', 'json'], { timeoutMs: HANG_GUARD_MS });
      assertNoStackTrace(result);
      assert.equal(result.code, 1, `exit code; stderr:\n${result.stderr}`);
      const reported = JSON.parse(result.stdout) as ReportedMessage[];
      assert.equal(reported.length, 1, JSON.stringify(reported, null, 2));
      const [message] = reported;
      assert.equal(message!.ruleId, 'markdown-too-complex');
      assert.equal(message!.file, ENTRY);
      // The body starts on line 6, after five lines of frontmatter.
      assert.ok(message!.line! >= 6 && message!.column! >= 1, `place ${message!.line}:${message!.column}`);
      assert.match(message!.message, /split|escape|close/);
    });
  }

  it('build refuses a hostile body as check does, and writes nothing', async () => {
    const root = await siteWith(HOSTILE_CASES.find((hostile) => hostile.name === 'growing-backticks')!.body(720 * 1024));
    const out = path.join(path.dirname(root), 'out');
    const built = await runCli(['build', '--root', root, '--out', out], { timeoutMs: HANG_GUARD_MS });
    assertNoStackTrace(built);
    assert.equal(built.code, 1, `exit code; stderr:\n${built.stderr}`);
    assert.match(built.stdout + built.stderr, /01-case\.md\n\s*6:\d+\s+error .*markdown-too-complex/);
    assert.equal(existsSync(out), false);
  });

  it('a long entry with some of everything (32,000 characters) is built', async () => {
    const root = await siteWith(benignBody(32 * 1024));
    const out = path.join(path.dirname(root), 'out');
    const built = await runCli(['build', '--root', root, '--out', out], { timeoutMs: HANG_GUARD_MS });
    assertNoStackTrace(built);
    assert.equal(built.code, 0, `exit code; output:\n${built.stdout}${built.stderr}`);
    assert.ok(existsSync(path.join(out, 'issues', '2025-11-24', 'index.html')));
  });
});

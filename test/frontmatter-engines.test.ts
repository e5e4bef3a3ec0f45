// Content is untrusted: a frontmatter fence that names a language (`---js`, `---coffee`) must be
// a content error with its place, never code that runs, in `check`, `build` (parse workers
// included) and `dev`, behind any number of byte-order marks.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from '../src/build.ts';
import { assertNoStackTrace, removeTempDirs, runCli, tempDir } from './helpers/cli.ts';
import { DevProcess, waitFor } from './support/dev-process.ts';
import { writeSyntheticSite } from './support/synthetic-site.ts';

const BOM = '\uFEFF';

/** A fence whose JavaScript, if evaluated, leaves a file named `marker` and yields valid fields. */
function payload(fence: string, marker: string, boms: number): string {
  const script = `{ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'x'), section: 'federation', source: 'y' }`;
  return `${BOM.repeat(boms)}---${fence}\n${script}\n---\n正文。\n`;
}

interface Reported {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
}

/** A site whose first issue's index.md and every entry file of it carry a fence of each kind. */
async function hostileSite(issues: number): Promise<{ root: string; markers: string; hostile: string[] }> {
  const root = path.join(await tempDir(), 'site');
  await writeSyntheticSite(root, { issues, entriesPerIssue: 15, seed: 7 });
  const markers = await tempDir('digest-markers-');
  const issue = path.join(root, 'content', 'issues', '2024', '2024-01-01');
  const fences = ['js', 'javascript', 'coffee', 'coffeescript', 'cson', 'json', 'JS', 'yaml'];
  const hostile: string[] = [];
  const files = (await readdir(issue)).sort();
  for (const [index, name] of files.entries()) {
    const fence = fences[index % fences.length]!;
    await writeFile(path.join(issue, name), payload(fence, path.join(markers, `${name}.ran`), 1 + (index % 3)));
    hostile.push(`content/issues/2024/2024-01-01/${name}`);
  }
  return { root, markers, hostile };
}

async function assertNothingRan(markers: string): Promise<void> {
  assert.deepEqual(await readdir(markers), [], 'content ran code');
}

after(removeTempDirs);

describe('frontmatter that names a language', () => {
  it('is refused by check with file, line and rule, and never evaluated, in the parse workers too', async () => {
    const { root, markers, hostile } = await hostileSite(3);
    // In parse worker threads (asked for: the archive is far below the threshold where a build starts them).
    const threaded = await build({ root, write: false, threads: 2 });
    assert.equal(threaded.ok, false);
    const inWorkers = threaded.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'frontmatter-language').map(() => file.path));
    assert.deepEqual([...inWorkers].sort(), [...hostile].sort());
    await assertNothingRan(markers);

    const checked = await runCli(['check', '--root', root, '--format', 'json']);
    assertNoStackTrace(checked);
    assert.equal(checked.code, 1, checked.stderr);
    const reported = (JSON.parse(checked.stdout) as Reported[]).filter((message) => message.ruleId === 'frontmatter-language');
    assert.deepEqual(
      reported.map(({ file, line, column, severity }) => ({ file, line, column, severity })).sort((a, b) => a.file.localeCompare(b.file)),
      hostile.map((file) => ({ file, line: 1, column: 4, severity: 'error' })),
    );
    await assertNothingRan(markers);

    const out = path.join(path.dirname(root), 'out');
    const built = await runCli(['build', '--root', root, '--out', out]);
    assertNoStackTrace(built);
    assert.equal(built.code, 1, built.stderr);
    assert.match(built.stdout + built.stderr, /frontmatter-language/);
    assert.equal(existsSync(out), false);
    await assertNothingRan(markers);
  });

  it('is refused by digest dev, whose overlay names the file, and never evaluated', async () => {
    const { root, markers } = await hostileSite(2);
    const dev = await DevProcess.start(['--root', root]);
    try {
      await waitFor('the dev build to report the problem', () => /frontmatter-language/.test(dev.output()));
      await assertNothingRan(markers);
    } finally {
      await dev.stop();
    }
  });

  it('tells what to do about a fence with a language', async () => {
    const { root } = await hostileSite(1);
    const checked = await runCli(['check', '--root', root]);
    assert.match(checked.stdout + checked.stderr, /only YAML between two lines of --- is/);
  });
});

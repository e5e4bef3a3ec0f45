// Every rule and every hostile input has a fixture: test/fixtures-invalid/<case>/ is a complete
// site root, and its expected.json lists the exact problems (rule id, file, line, column,
// severity) `digest check --format json` must report, and the exit code. Inputs that are awkward
// in git (GBK bytes, binary files, symlinks, a 9 MB file) are written by the test into a copy
// of the case, from the `generate` list of expected.json.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { RULES } from '../src/rule-catalogue.ts';
import { assertNoStackTrace, copySite, REPO, removeTempDirs, runCli } from './helpers/cli.ts';

const FIXTURES = path.join(REPO, 'test', 'fixtures-invalid');

interface ExpectedMessage {
  ruleId: string;
  file: string;
  line: number;
  column?: number;
  severity: 'error' | 'warning';
  /** A phrase the message must contain (a suggestion, the advice). */
  includes?: string;
}

type Generated = { path: string } & (
  | { hex: string }
  | { text: string; encoding?: BufferEncoding; appendHex?: string; fill?: string; bytes?: number }
  | { symlink: string }
);

interface Expected {
  description: string;
  args?: string[];
  exitCode: number;
  generate?: Generated[];
  messages: ExpectedMessage[];
}

interface ReportedMessage {
  file: string;
  line: number | null;
  column: number | null;
  severity: string;
  ruleId: string | null;
  message: string;
}

async function generate(root: string, spec: Generated): Promise<void> {
  const target = path.join(root, spec.path);
  await mkdir(path.dirname(target), { recursive: true });
  if ('symlink' in spec) {
    await symlink(spec.symlink, target);
  } else if ('hex' in spec) {
    await writeFile(target, Buffer.from(spec.hex, 'hex'));
  } else {
    await writeFile(target, Buffer.from(spec.text, spec.encoding ?? 'utf8'));
    if (spec.appendHex) await appendFile(target, Buffer.from(spec.appendHex, 'hex'));
    if (spec.fill && spec.bytes) {
      const unit = Buffer.from(spec.fill);
      await appendFile(target, Buffer.alloc(spec.bytes, unit));
    }
  }
}

const byPlace = (a: { file: string; line: number | null; column?: number | null; ruleId: string | null }, b: typeof a) =>
  a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || String(a.ruleId).localeCompare(String(b.ruleId));

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

after(removeTempDirs);

describe('digest check on invalid and hostile sites (test/fixtures-invalid)', { concurrency: 4 }, () => {
  for (const name of cases) {
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
    it(`${name}: ${expected.description}`, async () => {
      const root = await copySite(path.join(FIXTURES, name));
      for (const spec of expected.generate ?? []) await generate(root, spec);
      const result = await runCli(['check', '--root', root, '--format', 'json', ...(expected.args ?? [])]);
      assertNoStackTrace(result);
      assert.equal(result.code, expected.exitCode, `exit code; stderr:\n${result.stderr}`);
      const reported = JSON.parse(result.stdout) as ReportedMessage[];
      const shape = (message: ReportedMessage, withColumn: boolean) => ({
        ruleId: message.ruleId,
        file: message.file,
        line: message.line,
        ...(withColumn ? { column: message.column } : {}),
        severity: message.severity,
      });
      const wanted = [...expected.messages].sort(byPlace);
      const got = [...reported].sort(byPlace);
      assert.deepEqual(
        got.map((message, index) => shape(message, wanted[index]?.column !== undefined)),
        wanted.map(({ includes: _includes, ...rest }) => rest),
        `reported:\n${JSON.stringify(reported, null, 2)}`,
      );
      for (const [index, message] of wanted.entries()) {
        if (message.includes) assert.ok(got[index]!.message.includes(message.includes), `"${got[index]!.message}" should mention ${message.includes}`);
      }

      // build runs the same checks: same verdict, no stack trace, and no output when it fails.
      const out = path.join(path.dirname(root), 'out');
      const built = await runCli(['build', '--root', root, '--out', out, ...(expected.args ?? [])]);
      assertNoStackTrace(built);
      assert.equal(built.code, expected.exitCode, `build exit code; stderr:\n${built.stderr}`);
      assert.equal(existsSync(out), expected.exitCode === 0);
    });
  }
});

describe('the fixtures cover the rule catalogue', () => {
  it('every rule id content can trigger has a fixture that expects it', () => {
    const expectedRules = new Set(
      cases.flatMap((name) => (JSON.parse(readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected).messages.map((m) => m.ruleId)),
    );
    // url-collision cannot be produced by content (slugs are collision-free by construction);
    // template-error and unreadable-file are tested in output-safety.test.ts (they need a build,
    // or file modes that only a non-root user sees).
    const elsewhere = new Set(['url-collision', 'template-error', 'unreadable-file']);
    // import-* rules are about plain-text pages, not content: test/import*.test.ts assert each.
    const importTests = ['import.test.ts', 'import-cli.test.ts'].map((name) => readFileSync(path.join(FIXTURES, '..', name), 'utf8')).join('\n');
    const missing = Object.keys(RULES).filter(
      (rule) => !expectedRules.has(rule) && !elsewhere.has(rule) && !(rule.startsWith('import-') && importTests.includes(rule)),
    );
    assert.deepEqual(missing, []);
  });
});

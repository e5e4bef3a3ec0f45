// Every page of the built sample site, its stylesheet and its icon pass the Nu Html Checker
// (vnu.jar from the vnu-jar package, run on the system's Java) with zero errors.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildInto, listFiles } from './support/built-site.ts';

const VNU_JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

function javaMissing(): string | null {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return null;
  } catch {
    const reason = 'Java not found: install it with `apt-get install default-jre-headless`';
    if (process.env.CI) throw new Error(`${reason} (CI must run the HTML checks)`);
    return `${reason}; HTML checks skipped`;
  }
}

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

const skip = javaMissing();
if (skip) console.log(`# ${skip}`);

describe('validity', { skip: skip ?? false }, () => {
  it('has zero Nu Html Checker errors on every page, the stylesheet and the icon', async (t) => {
    const outDir = await buildInto('validity-site');
    const files = (await listFiles(outDir)).filter((file) => /\.(html|css|svg)$/.test(file));
    assert.ok(files.filter((file) => file.endsWith('.html')).length > 90);
    const output = await new Promise<string>((resolve) => {
      execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--also-check-css', '--also-check-svg', ...files.map((file) => path.join(outDir, file))], { maxBuffer: 64 * 1024 * 1024 }, (_error, _stdout, stderr) =>
        resolve(stderr),
      );
    });
    const messages = (JSON.parse(output) as { messages: VnuMessage[] }).messages;
    const describe = (m: VnuMessage) => `${path.relative(outDir, new URL(m.url).pathname)}:${m.lastLine ?? '?'}: ${m.message}`;
    const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
    const warnings = messages.filter((m) => m.type === 'info' && m.subType === 'warning');
    t.diagnostic(`${files.length} files checked: ${errors.length} errors, ${warnings.length} warnings`);
    for (const warning of warnings.slice(0, 5)) t.diagnostic(`warning: ${describe(warning)}`);
    assert.deepEqual(errors.map(describe).slice(0, 20), []);
  });
});

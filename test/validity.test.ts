// Every page of the built sample site, its stylesheet and its icon pass the Nu Html Checker
// (vnu.jar from the vnu-jar package, run on the system's Java) with zero errors.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildInto, listFiles } from './support/built-site.ts';
import { isVnuError, javaMissing, vnuMessages, type VnuMessage } from './support/vnu.ts';

const skip = javaMissing();
if (skip) console.log(`# ${skip}`);

describe('validity', { skip: skip ?? false }, () => {
  it('has zero Nu Html Checker errors on every page, the stylesheet and the icon', async (t) => {
    const outDir = await buildInto('validity-site');
    const files = (await listFiles(outDir)).filter((file) => /\.(html|css|svg)$/.test(file));
    assert.ok(files.filter((file) => file.endsWith('.html')).length > 90);
    const messages = await vnuMessages(files.map((file) => path.join(outDir, file)), ['--also-check-css', '--also-check-svg']);
    const describe = (m: VnuMessage) => `${path.relative(outDir, new URL(m.url).pathname)}:${m.lastLine ?? '?'}: ${m.message}`;
    const errors = messages.filter(isVnuError);
    const warnings = messages.filter((m) => m.type === 'info' && m.subType === 'warning');
    t.diagnostic(`${files.length} files checked: ${errors.length} errors, ${warnings.length} warnings`);
    for (const warning of warnings.slice(0, 5)) t.diagnostic(`warning: ${describe(warning)}`);
    assert.deepEqual(errors.map(describe).slice(0, 20), []);
  });
});

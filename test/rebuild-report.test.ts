// What digest dev prints after a rebuild (src/dev/rebuild-report.ts): every message of the files
// the change touched and every error, and only a count of the other files' warnings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VFile } from 'vfile';
import { rebuildReport } from '../src/dev/rebuild-report.ts';

function fileWith(filePath: string, warnings: number, errors = 0): VFile {
  const file = new VFile({ path: filePath, cwd: '/site' });
  for (let i = 0; i < warnings; i++) file.message(`warning ${i}`);
  for (let i = 0; i < errors; i++) file.message(`error ${i}`).fatal = true;
  return file;
}

describe('the report after a rebuild in digest dev', () => {
  const edited = fileWith('content/issues/2025/2025-11-24/01-a.md', 1);
  const inNewFolder = fileWith('content/issues/2025/2025-12-01/01-b.md', 2);
  const oldWarnings = fileWith('content/issues/2020/2020-01-06/03-c.md', 3);
  const oldError = fileWith('content/issues/2020/2020-01-13/index.md', 1, 1);
  const quiet = fileWith('content/issues/2020/2020-01-13/01-d.md', 0);
  const files = [edited, inNewFolder, oldWarnings, oldError, quiet];

  it('shows everything after the first build', () => {
    const report = rebuildReport(files, []);
    assert.deepEqual(report.shown, files);
    assert.equal(report.otherWarnings, 0);
  });

  it('shows the files changed, those in a changed folder and every error; counts the other warnings', () => {
    const report = rebuildReport(files, ['content/issues/2025/2025-11-24/01-a.md', 'content/issues/2025/2025-12-01']);
    assert.deepEqual(report.shown, [edited, inNewFolder, oldError]);
    assert.equal(report.otherWarnings, 3);
  });

  it('does not take a path that merely starts like a changed one for a file in it', () => {
    const report = rebuildReport([fileWith('content/issues/2025/2025-12-01x/01-e.md', 1)], ['content/issues/2025/2025-12-01']);
    assert.deepEqual(report.shown, []);
    assert.equal(report.otherWarnings, 1);
  });
});

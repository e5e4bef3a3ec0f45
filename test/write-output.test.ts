// The incremental writer on its own: staged pages, skipped identical bytes, deleted stale files.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { OutputStage, writeOutput } from '../src/write/write-output.ts';

const temporary: string[] = [];
after(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

describe('writeOutput', () => {
  it('moves pages staged on disk into place, skips identical bytes and deletes what is gone', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
    temporary.push(root);
    const outDir = path.join(root, 'dist');
    // A budget of 10 bytes: the first page stays in memory, the others are staged in files.
    const stage = new OutputStage(outDir, 10);
    stage.add({ path: 'a/index.html', contents: '<p>一</p>' });
    stage.add({ path: 'b/index.html', contents: '<p>二二二二</p>' });
    stage.add({ path: 'c/index.html', contents: '<p>三三三三</p>' });
    assert.equal(stage.files.filter((file) => 'staged' in file).length, 2);
    const first = await writeOutput({ outDir, protectedDirs: [path.join(root, 'content')], files: stage.files });
    stage.discard();
    assert.equal(first.written, 3);
    assert.equal(await readFile(path.join(outDir, 'c/index.html'), 'utf8'), '<p>三三三三</p>');
    assert.equal(existsSync(`${outDir}.tmp-${process.pid}`), false, 'the staging folder is gone');

    const before = (await stat(path.join(outDir, 'a/index.html'))).mtimeMs;
    const again = new OutputStage(outDir, 0);
    again.add({ path: 'a/index.html', contents: '<p>一</p>' });
    again.add({ path: 'b/index.html', contents: '<p>改</p>' });
    const second = await writeOutput({ outDir, protectedDirs: [], files: again.files, previous: first.records });
    again.discard();
    assert.deepEqual([second.written, second.unchanged, second.deleted], [1, 1, 1]);
    assert.equal((await stat(path.join(outDir, 'a/index.html'))).mtimeMs, before);
    assert.equal(existsSync(path.join(outDir, 'c')), false, 'the page that is gone and its folder are deleted');
    assert.equal(await readFile(path.join(outDir, 'b/index.html'), 'utf8'), '<p>改</p>');
  });

  it('refuses to write outside the output folder', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
    temporary.push(root);
    await assert.rejects(writeOutput({ outDir: path.join(root, 'dist'), protectedDirs: [], files: [{ path: '../escape.html', contents: 'x' }] }), /outside the output folder/);
    assert.equal(existsSync(path.join(root, 'escape.html')), false);
  });
});

// The incremental writer on its own: staged pages, skipped identical bytes, deleted stale files.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isJournal, OutputJournal, rollBack } from '../src/write/output-journal.ts';
import { OutputStage } from '../src/write/output-stage.ts';
import { scratchDir } from '../src/write/scratch-dirs.ts';
import { writeOutput } from '../src/write/write-output.ts';

const temporary: string[] = [];
after(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

/** Staging folders left beside the output folder. */
async function staging(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.tmp-'));
}

describe('writeOutput', () => {
  it('moves pages staged on disk into place, skips identical bytes and deletes what is gone', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
    temporary.push(root);
    const outDir = path.join(root, 'dist');
    // A folder already there (empty): the staged pages are moved into it file by file.
    await mkdir(outDir);
    const stage = new OutputStage(outDir, { record: true, thread: false });
    stage.add({ path: 'a/index.html', contents: '<p>一</p>' });
    stage.add({ path: 'b/index.html', contents: '<p>二二二二</p>' });
    const first = await writeOutput({ outDir, protectedDirs: [path.join(root, 'content')], files: [...(await stage.files()), { path: 'c/index.html', contents: '<p>三三三三</p>' }], stage: stage.dir });
    await stage.discard();
    assert.equal(first.written, 3);
    assert.equal(await readFile(path.join(outDir, 'b/index.html'), 'utf8'), '<p>二二二二</p>');
    assert.equal(await readFile(path.join(outDir, 'c/index.html'), 'utf8'), '<p>三三三三</p>');
    assert.deepEqual(await staging(root), [], 'the staging folder is gone');

    const before = (await stat(path.join(outDir, 'a/index.html'))).mtimeMs;
    const again = new OutputStage(outDir, { record: true, thread: false });
    again.add({ path: 'a/index.html', contents: '<p>一</p>' });
    again.add({ path: 'b/index.html', contents: '<p>改</p>' });
    const second = await writeOutput({ outDir, protectedDirs: [], files: await again.files(), previous: first.records, stage: again.dir });
    await again.discard();
    assert.deepEqual([second.written, second.unchanged, second.deleted], [1, 1, 1]);
    assert.equal((await stat(path.join(outDir, 'a/index.html'))).mtimeMs, before);
    assert.equal(existsSync(path.join(outDir, 'c')), false, 'the page that is gone and its folder are deleted');
    assert.equal(await readFile(path.join(outDir, 'b/index.html'), 'utf8'), '<p>改</p>');
    assert.deepEqual(await staging(root), []);
  });

  for (const thread of [false, true]) {
    it(`makes the staging folder the output folder when there is none yet (${thread ? 'on a worker thread' : 'on this thread'})`, async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
      temporary.push(root);
      const outDir = path.join(root, 'site', 'dist');
      const stage = new OutputStage(outDir, { record: true, thread });
      stage.add({ path: 'index.html', contents: '<p>首页</p>' });
      stage.add({ path: 'issues/1/index.html', contents: new TextEncoder().encode('<p>第一期</p>') });
      const written = await writeOutput({ outDir, protectedDirs: [], files: [...(await stage.files()), { path: 'feed.xml', contents: '<feed/>' }], stage: stage.dir });
      await stage.discard();
      assert.equal(written.written, 3);
      assert.deepEqual(await readdir(outDir, { recursive: true }).then((names) => names.sort()), ['.digest-output', 'feed.xml', 'index.html', 'issues', 'issues/1', 'issues/1/index.html']);
      assert.equal(await readFile(path.join(outDir, 'issues/1/index.html'), 'utf8'), '<p>第一期</p>');
      assert.deepEqual(await staging(path.join(root, 'site')), []);
      // The records are those of the files on disk: a later write finds every one unchanged.
      for (const [file, record] of written.records) {
        const info = await stat(path.join(outDir, file));
        assert.deepEqual([record.size, record.mtimeMs], [info.size, info.mtimeMs], file);
      }
      const again = await writeOutput({ outDir, protectedDirs: [], files: [{ path: 'index.html', contents: '<p>首页</p>' }, { path: 'feed.xml', contents: '<feed/>' }], kept: ['issues/1/index.html'], previous: written.records });
      assert.deepEqual([again.written, again.unchanged, again.deleted], [0, 2, 0]);
    });
  }

  it('without records (a one-off build without the cache) still leaves identical files as they are', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
    temporary.push(root);
    const outDir = path.join(root, 'dist');
    const first = new OutputStage(outDir, { record: false, thread: false });
    first.add({ path: 'a.html', contents: 'same' });
    first.add({ path: 'b.html', contents: 'before' });
    const made = await writeOutput({ outDir, protectedDirs: [], files: await first.files(), stage: first.dir, record: false });
    await first.discard();
    assert.equal(made.records.get('a.html')!.hash, '', 'no hash is computed');
    const before = (await stat(path.join(outDir, 'a.html'))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = new OutputStage(outDir, { record: false, thread: false });
    second.add({ path: 'a.html', contents: 'same' });
    second.add({ path: 'b.html', contents: 'after!' });
    const again = await writeOutput({ outDir, protectedDirs: [], files: await second.files(), stage: second.dir, record: false });
    await second.discard();
    assert.deepEqual([again.written, again.unchanged], [1, 1]);
    assert.equal((await stat(path.join(outDir, 'a.html'))).mtimeMs, before);
    assert.equal(await readFile(path.join(outDir, 'b.html'), 'utf8'), 'after!');
    assert.deepEqual(await staging(root), []);
  });

  it('a stage discarded (a failed build) leaves nothing, not even the folders made for it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
    temporary.push(root);
    for (const thread of [false, true]) {
      for (const finished of [true, false]) {
        const stage = new OutputStage(path.join(root, 'new', 'deep', 'dist'), { record: true, thread });
        for (let page = 0; page < 200; page++) stage.add({ path: `p/${page}/index.html`, contents: `<p>${page}</p>`.repeat(100) });
        // A build that fails after its pages, or while they are still being written.
        if (finished) assert.equal((await stage.files()).length, 200);
        await stage.discard();
        assert.deepEqual(await readdir(root), [], `thread: ${thread}, finished: ${finished}`);
      }
    }
  });

  it('refuses to write outside the output folder', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-write-'));
    temporary.push(root);
    await assert.rejects(writeOutput({ outDir: path.join(root, 'dist'), protectedDirs: [], files: [{ path: '../escape.html', contents: 'x' }] }), /outside the output folder/);
    assert.equal(existsSync(path.join(root, 'escape.html')), false);
  });
});

describe('the output journal', () => {
  async function site(): Promise<{ root: string; outDir: string }> {
    const root = await mkdtemp(path.join(tmpdir(), 'digest-journal-'));
    temporary.push(root);
    const outDir = path.join(root, 'dist');
    await mkdir(path.join(outDir, 'a'), { recursive: true });
    await writeFile(path.join(outDir, 'a', 'index.html'), 'old a');
    await writeFile(path.join(outDir, 'gone.html'), 'old gone');
    await writeFile(path.join(outDir, 'folder'), 'a file where a folder comes');
    return { root, outDir };
  }

  async function tree(dir: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
    }
    return files;
  }

  it('a journal left by a killed build, after any number of its steps, rolls back to the old output, whole', async () => {
    for (let steps = 0; steps <= 4; steps++) {
      const { root, outDir } = await site();
      const before = await tree(outDir);
      const journal = new OutputJournal(scratchDir(outDir), outDir);
      const fresh = async (text: string) => {
        const from = journal.temporary();
        await writeFile(from, text);
        return from;
      };
      const work = [
        () => journal.remove('gone.html'),
        () => journal.remove('folder'),
        async () => journal.put('a/index.html', await fresh('new a')),
        async () => journal.put('folder/index.html', await fresh('new folder')),
        async () => journal.put('b/c/index.html', await fresh('new b')),
      ];
      for (const step of work.slice(0, steps)) await step();
      // Killed here: the next build finds the journal of a process that is gone.
      assert.equal(isJournal(journal.dir), true);
      await rollBack(journal.dir, outDir);
      assert.deepEqual(await tree(outDir), before, `after ${steps} steps`);
      assert.equal(existsSync(path.join(outDir, 'b')), false, 'folders made for new files go');
      await rm(journal.dir, { recursive: true });
      assert.deepEqual(await staging(root), []);
    }
  });

  it('once committed, there is nothing to roll back, and the journal is gone', async () => {
    const { root, outDir } = await site();
    const journal = new OutputJournal(scratchDir(outDir), outDir);
    const from = journal.temporary();
    await writeFile(from, 'new a');
    await journal.put('a/index.html', from);
    await journal.remove('gone.html');
    await journal.commit();
    assert.deepEqual(await tree(outDir), { 'a/index.html': 'new a', folder: 'a file where a folder comes' });
    assert.deepEqual(await staging(root), []);
  });

  it('writeOutput that fails midway puts back every file it replaced', async () => {
    const { root, outDir } = await site();
    await writeFile(path.join(outDir, '.digest-output'), '');
    const first = await writeOutput({ outDir, protectedDirs: [], files: [{ path: 'a/index.html', contents: 'one' }, { path: 'z/index.html', contents: 'zzz' }] });
    const before = await tree(outDir);
    // The parent of z/index.html becomes a file: nothing can be written below it.
    await rm(path.join(outDir, 'z'), { recursive: true });
    await writeFile(path.join(outDir, 'z'), 'in the way');
    const blocked = await tree(outDir);
    const files = [{ path: 'a/index.html', contents: 'two' }, ...Array.from({ length: 40 }, (_, n) => ({ path: `n/${n}/index.html`, contents: `${n}` })), { path: 'z/y/index.html', contents: 'new' }];
    await assert.rejects(writeOutput({ outDir, protectedDirs: [], files, previous: first.records }), /ENOTDIR/);
    assert.deepEqual(await tree(outDir), blocked);
    assert.notDeepEqual(blocked, before);
    assert.deepEqual(await staging(root), []);
  });
});

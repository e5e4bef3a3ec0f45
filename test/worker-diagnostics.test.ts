// A large archive is parsed on worker threads, which send back summaries in a form of their own
// (places packed in a string, bytes handed over in one buffer per batch). Every problem they find
// must be reported exactly as when the same files are parsed on the main thread.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { build } from './support/checked-build.ts';

const temporary: string[] = [];
after(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

const frontmatter = (lines: string) => `---\ntitle: 有问题的条目\nsource: 人民日报\n${lines}---\n正文，见[链接](https://example.org/)。\n`;

/** Entries with problems, each at a place of its own; written over entries of the corpus. */
const BROKEN: [name: string, bytes: Buffer][] = [
  ['91-unknown-field.md', Buffer.from(frontmatter('section: industry\ncolour: red\n'))],
  ['92-bad-section.md', Buffer.from(frontmatter('section: nosuch\ntags: [甲, 乙]\n'))],
  ['93-yaml-syntax.md', Buffer.from('---\ntitle: "没有结束的引号\nsection: industry\n---\n正文\n')],
  ['94-bom-crlf.md', Buffer.from(`\uFEFF${frontmatter('section: industry\nextra: 1\n').replaceAll('\n', '\r\n')}`)],
  ['95-gbk.md', Buffer.concat([Buffer.from('---\ntitle: '), Buffer.from('b1eacce2', 'hex'), Buffer.from('\nsection: industry\n---\n正文\n')])],
  ['96-stray-byte.md', Buffer.concat([Buffer.from(frontmatter('section: industry\n')), Buffer.from('第二段'), Buffer.from('ff', 'hex'), Buffer.from('文字\n')])],
  ['97-nul-late.md', Buffer.concat([Buffer.from(frontmatter('section: industry\n')), Buffer.from('长'.repeat(3000)), Buffer.from('\n尾\u0000巴\n')])],
  ['98-prototype-key.md', Buffer.from(frontmatter('section: industry\n__proto__: x\nconstructor: y\n'))],
];

test('problems found on parse worker threads are reported as on the main thread: same files, places, rules and words', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-worker-problems-'));
  temporary.push(root);
  await writeCorpus(root, { issues: 22, perIssue: 15, seed: 11 });
  // Added to the first issue of the corpus.
  const year = (await readdir(path.join(root, 'content/issues'))).sort()[0]!;
  const FOLDER = `content/issues/${year}/${(await readdir(path.join(root, 'content/issues', year))).sort()[0]!}`;
  for (const [name, bytes] of BROKEN) await writeFile(path.join(root, FOLDER, name), bytes);

  const reported = async (threads: number) => {
    const result = await build({ root, cache: false, write: false, threads });
    assert.equal(result.ok, false);
    return result.files
      .flatMap((file) => file.messages.map((message) => [file.path, message.line, message.column, message.ruleId, message.reason].join(' | ')))
      .sort();
  };
  const threaded = await reported(2);
  const here = await reported(0);
  assert.deepEqual(threaded, here);
  for (const [name] of BROKEN) assert.ok(threaded.some((line) => line.startsWith(`${FOLDER}/${name} | `)), `${name} should have a message:\n${threaded.join('\n')}`);
  for (const rule of ['unknown-field', 'unknown-section', 'yaml-syntax', 'encoding', 'binary-file']) {
    assert.ok(threaded.some((line) => line.includes(` | ${rule} | `)), `a ${rule} message:\n${threaded.join('\n')}`);
  }
});

// What a build may and may not do to the disk, and how the CLI fails: a failed build leaves the
// output byte-for-byte as it was, a successful one leaves no page of deleted content, nothing is
// written outside the output folder, unsafe --out values are refused, broken templates and bugs
// are reported in one line, never with a stack trace. Also: what reaches the HTML is sanitized.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { chmod, cp, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { assertNoStackTrace, CLI, copySite, hashTree, REPO, removeTempDirs, runCli, tempDir } from './helpers/cli.ts';

const FIXTURES = path.join(REPO, 'test', 'fixtures-invalid');
const ISSUE = 'content/issues/2025/2025-11-24';

after(removeTempDirs);

/** The bundled sample site, copied to a fresh site root. */
async function sampleSite(): Promise<string> {
  const root = path.join(await tempDir(), 'site');
  await cp(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
  return root;
}

async function build(root: string, ...args: string[]) {
  const result = await runCli(['build', '--root', root, ...args]);
  assertNoStackTrace(result);
  return result;
}

async function htmlFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) files.set(path.join(entry.parentPath, entry.name), await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

describe('digest check --format github', () => {
  it('prints one workflow annotation per problem, with file, line and column', async () => {
    const root = await copySite(path.join(FIXTURES, 'unknown-field'));
    const json = JSON.parse((await runCli(['check', '--root', root, '--format', 'json'])).stdout) as { file: string; line: number; column: number }[];
    const result = await runCli(['check', '--format', 'github'], { cwd: root });
    assertNoStackTrace(result);
    assert.equal(result.code, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, json.length);
    assert.ok(json.length >= 2);
    for (const [index, line] of lines.entries()) {
      const { file, line: row, column } = json[index]!;
      assert.match(line, new RegExp(`^::error file=${file.replace(/[.]/g, '\\.')},line=${row},col=${column}::.+ \\([a-z-]+\\)$`));
    }
    assert.ok(lines.some((line) => line.includes('did you mean "source"?')));
  });

  it('names files from the working folder, so annotations land on the repository file', async () => {
    const root = await copySite(path.join(FIXTURES, 'missing-image'));
    const result = await runCli(['check', '--root', 'site', '--format', 'github'], { cwd: path.dirname(root) });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^::error file=site\/content\/issues\/2025\/2025-11-24\/02-bad\.md,line=8,col=1::image "photo\.jpg" does not exist/);
  });

  it('escapes newlines, commas and colons so an annotation stays one command', async () => {
    const root = await copySite(path.join(FIXTURES, 'missing-image'));
    const entry = path.join(root, ISSUE, '02-bad.md');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace('photo.jpg', 'a%2Cb.jpg'));
    const result = await runCli(['check', '--format', 'github'], { cwd: root });
    assert.equal(result.stdout.trimEnd().split('\n').length, 1);
    assert.match(result.stdout, /a%252Cb\.jpg/);
  });
});

describe('a failed build changes nothing', () => {
  it('leaves an existing dist/ byte-for-byte as it was, and nothing beside it', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const before = await hashTree(path.join(root, 'dist'));
    const siblings = await readdir(root);
    assert.ok(before.size > 10);
    await writeFile(path.join(root, ISSUE, '99-broken.md'), '---\ntitle: [\n---\n');
    const result = await build(root);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /99-broken\.md/);
    assert.match(result.stderr, /nothing was written/);
    assert.deepEqual(await hashTree(path.join(root, 'dist')), before);
    assert.deepEqual(await readdir(root), siblings);
  });

  it('with a broken site template: reports the template file and line, exit 1, dist/ untouched', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const before = await hashTree(path.join(root, 'dist'));
    await mkdir(path.join(root, 'templates', 'partials'), { recursive: true });
    const footer = path.join(root, 'templates', 'partials', 'footer.njk');
    for (const [template, place] of [
      ['<footer>\n{{ undefined_function() }}\n</footer>\n', '2:22'],
      ['<footer>\n{% if %}\n</footer>\n', '2:7'],
      ['<footer>{% include "partials/no-such-partial.njk" %}</footer>\n', '1:1'],
    ] as const) {
      await writeFile(footer, template);
      const result = await build(root);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`templates/partials/footer\\.njk\\n${place}\\s+error\\s+template error: .*template-error`));
      assert.deepEqual(await hashTree(path.join(root, 'dist')), before);
    }
  });
});

describe('a build that fails after its pages were staged', () => {
  it('leaves no page of it anywhere: no dist/ on a first build, dist/ as it was later, nothing beside it', async () => {
    const root = await sampleSite();
    const notFound = path.join(root, 'templates', '404.njk');
    await mkdir(path.dirname(notFound), { recursive: true });
    // 404.html is the last page rendered: every other page is staged when it fails.
    await writeFile(notFound, '{{ no_such_function() }}\n');
    const first = await build(root);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /templates\/404\.njk/);
    assert.deepEqual((await readdir(root)).filter((name) => name === 'dist' || name.includes('.tmp-')), []);
    await rm(notFound);
    assert.equal((await build(root)).code, 0);
    const before = await hashTree(path.join(root, 'dist'));
    const siblings = await readdir(root);
    await writeFile(notFound, '{{ no_such_function() }}\n');
    assert.equal((await build(root)).code, 1);
    assert.deepEqual(await hashTree(path.join(root, 'dist')), before);
    assert.deepEqual(await readdir(root), siblings);
  });
});

describe('a content file that cannot be read', () => {
  const isRoot = process.getuid?.() === 0;
  it('is reported (unreadable-file), not a crash', { skip: isRoot && 'root reads every file, whatever its mode' }, async () => {
    const root = await sampleSite();
    const entry = path.join(root, ISSUE, '01-central-station-promotion-meeting.md');
    await chmod(entry, 0o000);
    const result = await runCli(['check', '--root', root, '--format', 'json']);
    await chmod(entry, 0o644);
    assertNoStackTrace(result);
    assert.equal(result.code, 1);
    const messages = JSON.parse(result.stdout) as { file: string; ruleId: string; line: number }[];
    assert.deepEqual(
      messages.map(({ file, ruleId, line }) => ({ file, ruleId, line })),
      [{ file: `${ISSUE}/01-central-station-promotion-meeting.md`, ruleId: 'unreadable-file', line: 1 }],
    );
  });
});

describe('a successful build replaces the output', () => {
  it('leaves no page of a deleted issue behind', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    assert.ok((await readdir(path.join(root, 'dist', 'issues'))).includes('2025-11-24'));
    await rm(path.join(root, ISSUE), { recursive: true });
    assert.equal((await build(root)).code, 0);
    assert.ok(!(await readdir(path.join(root, 'dist', 'issues'))).includes('2025-11-24'));
    for (const [file, html] of await htmlFiles(path.join(root, 'dist'))) {
      assert.doesNotMatch(html, /issues\/2025-11-24\//, `${file} still links to the deleted issue`);
    }
  });

  it('writes nothing outside the output folder', async () => {
    const root = await sampleSite();
    const outParent = await tempDir();
    const siteBefore = await hashTree(root);
    const result = await build(root, '--out', path.join(outParent, 'public_html'));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await readdir(outParent), ['public_html']);
    // Besides the output, a build writes only its cache, in the site root's .digest-cache/.
    const siteAfter = await hashTree(root);
    const cacheFiles = [...siteAfter.keys()].filter((file) => file.startsWith('.digest-cache/'));
    assert.ok(cacheFiles.length > 0, 'the build cache is written');
    for (const file of cacheFiles) siteAfter.delete(file);
    assert.deepEqual(siteAfter, siteBefore);
  });

  it('warnings do not fail a build; with --strict they do, and nothing is written', async () => {
    const root = await copySite(path.join(FIXTURES, 'warnings'));
    const out = path.join(await tempDir(), 'out');
    const strict = await build(root, '--out', out, '--strict');
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /issue-not-monday/);
    await assert.rejects(readdir(out));
    const relaxed = await build(root, '--out', out);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.match(relaxed.stderr, /region-short-form/);
    assert.ok((await readdir(path.join(out, 'issues'))).includes('2025-11-26'));
  });
});

describe('unsafe --out is refused with exit 2, and nothing is written', () => {
  const cases: [string, (root: string, elsewhere: string) => Promise<string>][] = [
    ['the site root', async (root) => root],
    ['content/', async (root) => path.join(root, 'content')],
    ['a folder inside content/', async (root) => path.join(root, 'content', 'issues', 'out')],
    ['a folder holding the site root', async (root) => path.dirname(root)],
    ["the site's templates/", async (root) => {
      await mkdir(path.join(root, 'templates'));
      return path.join(root, 'templates');
    }],
    ['a non-empty folder digest did not make', async (_root, elsewhere) => {
      await writeFile(path.join(elsewhere, 'thesis.docx'), 'precious');
      return elsewhere;
    }],
    ['a file', async (_root, elsewhere) => {
      await writeFile(path.join(elsewhere, 'notes.txt'), 'precious');
      return path.join(elsewhere, 'notes.txt');
    }],
    ['a folder below a file', async (_root, elsewhere) => {
      await writeFile(path.join(elsewhere, 'notes.txt'), 'precious');
      return path.join(elsewhere, 'notes.txt', 'dist');
    }],
  ];
  for (const [name, outFor] of cases) {
    it(name, async () => {
      const root = await sampleSite();
      const elsewhere = await tempDir();
      const out = await outFor(root, elsewhere);
      const rootBefore = await hashTree(path.dirname(root));
      const elsewhereBefore = await hashTree(elsewhere);
      const result = await build(root, '--out', out);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /refusing|cannot create/);
      assert.deepEqual(await hashTree(path.dirname(root)), rootBefore);
      assert.deepEqual(await hashTree(elsewhere), elsewhereBefore);
    });
  }
});

describe('usage errors exit 2 with a message, not a stack trace', () => {
  for (const [name, args] of [
    ['a --root that does not exist', ['check', '--root', '/nonexistent/site']],
    ['an unknown --format', ['check', '--format', 'xml']],
    ['an unknown option', ['check', '--colour']],
    ['a --base-url that is not an absolute URL', ['build', '--base-url', 'example.org/digest']],
    ['an unknown command', ['publish']],
  ] as const) {
    it(name, async () => {
      const result = await runCli(args);
      assertNoStackTrace(result);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /^digest/);
    });
  }
});

describe('an internal failure is reported as a bug in one line, exit 70', () => {
  /** A copy of the installed tool whose built-in issue template is broken: a fault of digest, not of the site. */
  async function brokenTool(): Promise<string> {
    const tool = path.join(await tempDir(), 'tool');
    for (const part of ['bin', 'lib', 'templates', 'public', 'package.json']) await cp(path.join(REPO, part), path.join(tool, part), { recursive: true });
    await symlink(path.join(REPO, 'node_modules'), path.join(tool, 'node_modules'));
    await writeFile(path.join(tool, 'templates', 'issue.njk'), '{{ no_such_function() }}\n');
    return path.join(tool, 'bin', 'digest.js');
  }

  it('says it is a bug, where to report it and how to see the stack', async () => {
    const cli = await brokenTool();
    const root = await sampleSite();
    const result = await runCli(['build', '--root', root], { cli });
    assertNoStackTrace(result);
    assert.equal(result.code, 70);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /internal error: .*This is a bug in digest; please report it at https:\/\/\S+ \(run again with --debug to see the stack trace\)$/);
    await assert.rejects(readdir(path.join(root, 'dist')));
  });

  it('shows the stack with --debug', async () => {
    const result = await runCli(['build', '--root', await sampleSite(), '--debug'], { cli: await brokenTool() });
    assert.equal(result.code, 70);
    assert.match(result.stderr, /^\s+at /m);
  });
});

describe('what reaches the HTML is sanitized and escaped', () => {
  /** Script that would run: a script element, an event handler, a javascript: URL, a frame. */
  // Attributes are matched whole, so escaped text inside a quoted value (a <meta content> that
  // quotes a title like "<svg onload=…>") is not mistaken for an attribute of the tag.
  const TAG_START = String.raw`<[a-z][a-z0-9-]*(?:\s+[^\s"'>=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*`;
  const RUNNABLE = [
    // JSON-LD is data, not script; it is checked below to hold no '<' that could close it.
    /<script\b(?![^>]*type="application\/ld\+json")[^>]*>[^<]*alert/i,
    new RegExp(`${TAG_START}\\s+on[a-z]+\\s*=`, 'i'),
    new RegExp(`${TAG_START}\\s+(?:href|src|action|formaction)\\s*=\\s*["']?\\s*javascript:`, 'i'),
    /<iframe\b/i,
    new RegExp(`${TAG_START}\\s+[^\\s"'>=/]+\\s*=\\s*[^\\s"'>]*alert\\(`, 'i'),
  ];

  it('raw HTML in Markdown (script, on*=, javascript: URLs, iframes) is removed', async () => {
    const root = await copySite(path.join(FIXTURES, 'raw-html'));
    assert.equal((await build(root)).code, 0);
    const pages = await htmlFiles(path.join(root, 'dist'));
    for (const [file, html] of pages) for (const pattern of RUNNABLE) assert.doesNotMatch(html, pattern, file);
    const issue = pages.get(path.join(root, 'dist', 'issues', '2025-11-24', 'index.html'))!;
    assert.match(issue, /<p>正文 /);
    assert.match(issue, /<a>md<\/a>/);
  });

  it('HTML in frontmatter strings is escaped, in text and in attributes', async () => {
    const root = await copySite(path.join(FIXTURES, 'frontmatter-html'));
    assert.equal((await build(root)).code, 0);
    const pages = await htmlFiles(path.join(root, 'dist'));
    for (const [file, html] of pages) for (const pattern of RUNNABLE) assert.doesNotMatch(html, pattern, file);
    const issue = pages.get(path.join(root, 'dist', 'issues', '2025-11-24', 'index.html'))!;
    assert.match(issue, /<title>本期&lt;script&gt;alert\(&quot;issue&quot;\)&lt;\/script&gt; · /);
    assert.match(issue, /标题&lt;\/title&gt;&lt;script&gt;alert\(&quot;title&quot;\)&lt;\/script&gt;/);
    assert.match(issue, /&lt;b onmouseover=&quot;alert\(1\)&quot;&gt;编辑&lt;\/b&gt;/);
    for (const [file, html] of pages) assert.doesNotMatch(html, /&amp;(?:lt|gt|quot);/, `${file}: text escaped twice`);
    const jsonLd = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(issue);
    assert.ok(jsonLd, 'the issue page has JSON-LD');
    assert.ok(!jsonLd[1]!.includes('<'), 'JSON-LD escapes < so no title can close its script element');
    assert.equal((JSON.parse(jsonLd[1]!) as { name: string }).name, '本期<script>alert("issue")</script>');
  });
});

/** Runs a system command; false when it cannot (not root, no such tool, no such support). */
function trySystem(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine lets the tests mount a tmpfs (root in a VM or container that allows it). */
const canMount = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'digest-mount-'));
  const ok = trySystem('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  if (ok) trySystem('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return ok;
})();

/** Folders beside `dir`'s output folders that a build stages in or journals to (`*.tmp-*`). */
async function scratchIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.tmp-'));
}

describe('writes never escape the output folder', () => {
  it('--out through a symbolic link to a folder inside content/ is refused', async () => {
    const root = await sampleSite();
    await mkdir(path.join(root, 'content', 'issues', 'empty'));
    const link = path.join(await tempDir(), 'out');
    await symlink(path.join(root, 'content', 'issues', 'empty'), link);
    const before = await hashTree(root);
    const result = await build(root, '--out', link);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /refusing to write the site inside .*content/);
    assert.deepEqual(await hashTree(root), before);
    assert.deepEqual(await readdir(path.join(root, 'content', 'issues', 'empty')), []);
  });

  it('--out below a symbolic link into the site root is refused', async () => {
    const root = await sampleSite();
    const link = path.join(await tempDir(), 'site-link');
    await symlink(root, link);
    const before = await hashTree(root);
    const result = await build(root, '--out', path.join(link, 'content', 'out'));
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(await hashTree(root), before);
  });

  it('a symbolic link planted in dist/ between builds is not written through, nor deleted through', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const elsewhere = await tempDir();
    // dist/issues moved out and linked back: a later write into issues/ would land there.
    await cp(path.join(root, 'dist', 'issues'), path.join(elsewhere, 'issues'), { recursive: true, preserveTimestamps: true });
    await rm(path.join(root, 'dist', 'issues'), { recursive: true });
    await symlink(path.join(elsewhere, 'issues'), path.join(root, 'dist', 'issues'));
    await writeFile(path.join(elsewhere, 'precious.css'), 'precious');
    await rm(path.join(root, 'dist', 'assets', 'style.css'));
    await symlink(path.join(elsewhere, 'precious.css'), path.join(root, 'dist', 'assets', 'style.css'));
    const elsewhereBefore = await hashTree(elsewhere);
    // Every page changes (another base URL), and an issue's pages go.
    await rm(path.join(root, ISSUE), { recursive: true });
    const result = await build(root, '--base-url', 'https://other.example/digest/');
    assert.deepEqual(await hashTree(elsewhere), elsewhereBefore);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /dist\/issues.* symbolic link/);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  });

  it('a symbolic link in place of an output file is replaced, never written through', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const elsewhere = await tempDir();
    await writeFile(path.join(elsewhere, 'precious.css'), 'precious');
    await writeFile(path.join(elsewhere, 'precious.html'), 'precious');
    await rm(path.join(root, 'dist', 'assets', 'style.css'));
    await symlink(path.join(elsewhere, 'precious.css'), path.join(root, 'dist', 'assets', 'style.css'));
    await rm(path.join(root, 'dist', 'index.html'));
    await symlink(path.join(elsewhere, 'precious.html'), path.join(root, 'dist', 'index.html'));
    const elsewhereBefore = await hashTree(elsewhere);
    const result = await build(root);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await hashTree(elsewhere), elsewhereBefore);
    assert.ok((await lstat(path.join(root, 'dist', 'assets', 'style.css'))).isFile());
    assert.ok((await lstat(path.join(root, 'dist', 'index.html'))).isFile());
  });

  for (const folder of ['public', 'templates']) {
    it(`a ${folder}/ that is a symbolic link out of the site root is refused (unsafe-path), nothing published`, async () => {
      const root = await sampleSite();
      const elsewhere = await tempDir();
      await writeFile(path.join(elsewhere, 'secret.txt'), 'secret');
      await symlink(elsewhere, path.join(root, folder));
      for (const command of ['check', 'build']) {
        const result = await runCli([command, '--root', root]);
        assertNoStackTrace(result);
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, new RegExp(`^${folder}\n1:1 +error +${folder}/ is a symbolic link to .*outside the site root.* unsafe-path`, 'm'));
      }
      await assert.rejects(readdir(path.join(root, 'dist')));
    });
  }

  it('a public/ that links to a folder inside the site root is followed', async () => {
    const root = await sampleSite();
    await mkdir(path.join(root, 'assets-src'));
    await writeFile(path.join(root, 'assets-src', 'hello.txt'), 'hello');
    await symlink(path.join(root, 'assets-src'), path.join(root, 'public'));
    assert.equal((await build(root)).code, 0);
    assert.equal(await readFile(path.join(root, 'dist', 'hello.txt'), 'utf8'), 'hello');
  });
});

describe('a build that fails while writing leaves the previous output byte for byte', () => {
  const mounts: string[] = [];
  after(() => {
    for (const dir of mounts.splice(0)) trySystem('umount', [dir]);
  });

  async function tmpfs(size: string): Promise<string> {
    const dir = await tempDir('digest-mnt-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  }

  const canChattr = (() => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'digest-chattr-'));
    const ok = trySystem('chattr', ['+i', dir]);
    if (ok) trySystem('chattr', ['-i', dir]);
    rmSync(dir, { recursive: true, force: true });
    return ok;
  })();

  it('a folder of dist/ that cannot be changed (EPERM): exit 2 naming it and the reason, dist/ as it was', { skip: !canChattr && 'chattr +i is not available here' }, async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const dist = path.join(root, 'dist');
    const before = await hashTree(dist);
    const siblings = await readdir(root);
    // Sorted last among the issues: most pages have been moved into place when it fails.
    const frozen = path.join(dist, 'tags');
    execFileSync('chattr', ['+i', frozen]);
    try {
      const result = await build(root, '--base-url', 'https://other.example/digest/');
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /dist\/tags.*operation not permitted \(EPERM\)/);
      assert.doesNotMatch(result.stderr, /bug in digest/);
    } finally {
      execFileSync('chattr', ['-i', frozen]);
    }
    assert.deepEqual(await hashTree(dist), before);
    assert.deepEqual(await readdir(root), siblings);
  });

  it('a full disk (ENOSPC): exit 2 naming the path and the reason, dist/ as it was', { skip: !canMount && 'cannot mount a tmpfs here' }, async () => {
    const root = await sampleSite();
    // The output takes ~1.6 MB: there is no room for a second copy staged beside it.
    const mount = await tmpfs('2m');
    const out = path.join(mount, 'dist');
    assert.equal((await build(root, '--out', out)).code, 0);
    const before = await hashTree(out);
    const result = await build(root, '--out', out, '--base-url', 'https://other.example/digest/');
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /no space left on device \(ENOSPC\)/);
    assert.match(result.stderr, new RegExp(mount.replace(/[.]/g, '\\.')));
    assert.deepEqual(await hashTree(out), before);
    assert.deepEqual(await readdir(mount), ['dist']);
  });

  it('a read-only file system (EROFS): exit 2 naming the path and the reason, dist/ as it was', { skip: !canMount && 'cannot mount here' }, async () => {
    const root = await sampleSite();
    const mount = await tmpfs('16m');
    const out = path.join(mount, 'dist');
    assert.equal((await build(root, '--out', out)).code, 0);
    const before = await hashTree(out);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const result = await build(root, '--out', out, '--base-url', 'https://other.example/digest/');
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /read-only file system \(EROFS\)/);
    assert.deepEqual(await hashTree(out), before);
  });
});

describe('a build killed while writing', () => {
  /** Starts a build and kills it (SIGKILL) as soon as it changes anything in dist/; false if it ended first. */
  async function killWhileReplacing(root: string, args: readonly string[]): Promise<boolean> {
    const child = spawn(process.execPath, [CLI, 'build', '--root', root, ...args], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const watcher = watch(path.join(root, 'dist'), { recursive: true }, () => child.kill('SIGKILL'));
    const code = await exited;
    watcher.close();
    return code === null;
  }

  it('leaves dist/ whole: the next build, even a failing one, restores it and removes the dead build\'s folders', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const dist = path.join(root, 'dist');
    // The output as the last whole build left it: a kill that lands after a build's last file
    // is in place leaves that build's output, the baseline of the next attempt.
    let old = await hashTree(dist);
    let landed = 0;
    for (let attempt = 0; attempt < 6 && landed < 2; attempt++) {
      const args = ['--base-url', `https://other.example/${attempt}/`];
      if (!(await killWhileReplacing(root, args))) continue;
      landed++;
      // A build that fails on content still puts dist/ back together first.
      await writeFile(path.join(root, ISSUE, '99-broken.md'), '---\ntitle: [\n---\n');
      const failed = await build(root);
      assert.equal(failed.code, 1, failed.stderr);
      await rm(path.join(root, ISSUE, '99-broken.md'));
      assert.deepEqual(await scratchIn(root), []);
      const now = await hashTree(dist);
      if (now.size === old.size && [...now].every(([file, hash]) => old.get(file) === hash)) continue;
      // Killed after the last file was in place: the new output, whole, as a build of a copy makes it.
      const copy = path.join(await tempDir(), 'site');
      await cp(path.join(root, 'content'), path.join(copy, 'content'), { recursive: true });
      assert.equal((await build(copy, ...args)).code, 0);
      assert.deepEqual(now, await hashTree(path.join(copy, 'dist')), 'neither the old output nor the new one');
      old = now;
    }
    assert.ok(landed > 0, 'no kill landed while the build was writing');
  });

  it('removes the staging folders of dead builds, never those of a running one', async () => {
    const root = await sampleSite();
    assert.equal((await build(root)).code, 0);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      for (const pid of [dead, alive.pid!]) {
        await mkdir(path.join(root, `dist.tmp-${pid}-1`, 'issues'), { recursive: true });
        await writeFile(path.join(root, `dist.tmp-${pid}-1`, 'issues', 'index.html'), 'staged');
      }
      assert.equal((await build(root, '--base-url', 'https://other.example/')).code, 0);
      assert.deepEqual(await scratchIn(root), [`dist.tmp-${alive.pid}-1`]);
    } finally {
      alive.kill();
    }
  });
});

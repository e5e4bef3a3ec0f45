// The command line as an editor meets it: digest init, suggestions for slips, plain lines for
// a folder that is not a site root, counts in the right number. The real CLI on real folders.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { siteSchema } from '../src/config.ts';
import { entrySchema, issueSchema } from '../src/validate/schema.ts';
import { REPO_ROOT, runDigest } from './support/digest-cli.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'digest-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('digest init', () => {
  it('makes a site root that passes check and builds a home page saying no issue is published yet', () => {
    const init = runDigest(['init', 'mysite'], { cwd: dir });
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /Next steps:\n  cd mysite\n  npm install/);
    const site = path.join(dir, 'mysite');
    for (const file of ['content/site.yml', 'package.json', '.gitignore', '.github/workflows/check.yml', '.github/workflows/deploy.yml']) assert.ok(existsSync(path.join(site, file)), file);
    const pkg = JSON.parse(readFileSync(path.join(site, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.scripts).sort(), ['build', 'check', 'dev', 'new']);
    assert.match(readFileSync(path.join(site, '.gitignore'), 'utf8'), /^dist\/$/m);
    const [year] = readdirSync(path.join(site, 'content', 'issues'));
    const [week] = readdirSync(path.join(site, 'content', 'issues', year!));
    assert.match(readFileSync(path.join(site, 'content', 'issues', year!, week!, 'index.md'), 'utf8'), /^draft: true$/m);
    const check = runDigest(['check', '--root', site]);
    assert.equal(check.status, 0, check.stderr);
    const build = runDigest(['build', '--root', site]);
    assert.equal(build.status, 0, build.stderr);
    assert.match(readFileSync(path.join(site, 'dist', 'index.html'), 'utf8'), /还没有发布任何一期/);
  });

  it('check on a fresh site says its only issue is a draft left out, and how to check with drafts', () => {
    const site = path.join(dir, 'fresh');
    assert.equal(runDigest(['init', site]).status, 0);
    const check = runDigest(['check'], { cwd: site });
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^no errors in 0 published issues and 1 draft\n/);
    assert.match(check.stdout, /the draft is left out of the site `digest build` makes; `npx digest check --drafts` checks the site with drafts included/);
    const elsewhere = runDigest(['check', '--root', site], { cwd: dir });
    assert.match(elsewhere.stdout, /`npx digest check --drafts --root fresh`/);
    const withDrafts = runDigest(['check', '--drafts'], { cwd: site });
    assert.equal(withDrafts.status, 0, withDrafts.stderr);
    assert.equal(withDrafts.stdout, 'no errors in 1 issue (drafts included: 1)\n');
  });

  it('build ends by saying how to look at the result', () => {
    const site = path.join(dir, 'looked-at');
    assert.equal(runDigest(['init', site]).status, 0);
    const inside = runDigest(['build'], { cwd: site });
    assert.equal(inside.status, 0, inside.stderr);
    assert.match(inside.stdout, /\nlook at it with `npx digest serve` \(its pages link by absolute paths/);
    const elsewhere = runDigest(['build', '--root', site, '--out', path.join(dir, 'looked-at-out')], { cwd: dir });
    assert.equal(elsewhere.status, 0, elsewhere.stderr);
    assert.match(elsewhere.stdout, /look at it with `npx digest serve --root looked-at --out looked-at-out`/);
  });

  it('refuses a folder that holds content/ or a site.yml, changing nothing', () => {
    const old = path.join(dir, 'old');
    mkdirSync(old);
    writeFileSync(path.join(old, 'site.yml'), 'title: x\n');
    const result = runDigest(['init', old]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /holds site\.yml already.*nothing was changed/);
    assert.deepEqual(readdirSync(old), ['site.yml']);
  });
});

describe('slips on the command line', () => {
  it('an unknown command suggests the nearest', () => {
    const result = runDigest(['biuld'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command "biuld"; did you mean `digest build`\?/);
  });

  it('an unknown option is one line naming it and the nearest', () => {
    const result = runDigest(['build', '--outdir', 'x'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /unknown option --outdir; did you mean --out\?/);
  });

  it('a folder without content/ is one plain line, and nothing is created in it', () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    for (const command of ['build', 'check', 'new']) {
      const result = runDigest([command], { cwd: empty });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /no content\/ folder/);
      assert.doesNotMatch(result.stderr, /✖|missing-config/);
    }
    assert.deepEqual(readdirSync(empty), [], 'no .digest-cache/ or dist/');
  });

  it('counts are in the right number, and new names the dev command for where the site is', () => {
    const site = path.join(dir, 'counted');
    assert.equal(runDigest(['init', site]).status, 0);
    const made = runDigest(['new', '--root', site], { cwd: dir });
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /see it with `npx digest dev --root counted`/);
    const [year] = readdirSync(path.join(site, 'content', 'issues'));
    const first = readdirSync(path.join(site, 'content', 'issues', year!)).sort()[0]!;
    const index = path.join(site, 'content', 'issues', year!, first, 'index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace('draft: true\n', ''));
    for (const file of readdirSync(path.dirname(index)).filter((name) => name !== 'index.md')) rmSync(path.join(path.dirname(index), file));
    writeFileSync(path.join(path.dirname(index), '01-news.md'), '---\ntitle: 新闻\nsection: industry\nsource: 民政部\n---\n正文。\n');
    const check = runDigest(['check', '--root', site]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^no errors in 1 published issue and 1 draft$/m);
    assert.match(check.stdout, /^the draft is left out/m);
  });

  it("the README's command table names every command and exactly the options of its usage line", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const commands = [...runDigest(['--help']).stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((match) => match[1]!);
    assert.ok(commands.length >= 7, commands.join());
    for (const command of commands) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`digest ${command}`));
      assert.ok(row, `README has a row for digest ${command}`);
      const usage = runDigest([command, '--help']).stdout.split('\n')[0]!;
      const flags = (text: string) => [...new Set([...text.matchAll(/--[a-z-]+/g)].map((match) => match[0]))].sort();
      assert.deepEqual(flags(row.split(' | ').slice(0, 2).join(' ')), flags(usage), `digest ${command}: README row vs usage "${usage}"`);
    }
  });

  it('the README documents every field of site.yml, of an issue and of an entry', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const format = readme.slice(readme.indexOf('## Content format'), readme.indexOf('## Publishing'));
    for (const [name, schema] of [['site.yml', siteSchema], ['index.md', issueSchema], ['an entry', entrySchema]] as const) {
      for (const field of Object.keys(schema.shape)) assert.match(format, new RegExp(`^(\\| \`${field}\`|\\s*(- )?${field}:)`, 'm'), `${name}: ${field}`);
    }
  });

  it('check --help lists every option its usage line names', () => {
    const help = runDigest(['check', '--help']).stdout;
    const usage = help.split('\n')[0]!;
    for (const option of [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((match) => match[1]!)) assert.ok(usage.includes(option), `${option} in "${usage}"`);
  });
});

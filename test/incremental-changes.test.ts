// Random change sets applied incrementally must build what a cold build of the same content
// builds, byte for byte: (a) one-off `digest build` runs with the cache in the site root, and
// (b) one long-lived builder told which paths changed, as digest dev runs it. A failure prints
// its seed, step and changes; replay it with
//   DIGEST_CHANGES_SEED=<seed> DIGEST_CHANGES_STEPS=<steps> node --import tsx --test test/incremental-changes.test.ts
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { build, createBuilder, type BuildOptions, type BuildResult } from '../src/build.ts';
import { hashTree, REPO, removeTempDirs, runCli, tempDir } from './helpers/cli.ts';
import { applyChanges } from './support/apply-changes.ts';
import { CHANGE_KINDS, createChangeGenerator, type Change, type ChangeKind, type SiteFiles } from './support/change-sets.ts';
import { random, writeSyntheticSite } from './support/synthetic-site.ts';
import { treeDiff } from './support/tree-diff.ts';

const SEED = Number(process.env.DIGEST_CHANGES_SEED ?? 20261202);
const STEPS = Number(process.env.DIGEST_CHANGES_STEPS ?? 14);
const DEV_URL = 'http://localhost:4000/';

/** Change kinds that are known to build differently from a cold build: kind -> the bug. */
const KNOWN_FAILURES: Partial<Record<ChangeKind, string>> = {};
const KINDS = CHANGE_KINDS.filter((kind) => !(kind in KNOWN_FAILURES));

/** DIGEST_CHANGES_KEEP=1 keeps the site roots and outputs of a failure for a look. */
after(async () => {
  if (!process.env.DIGEST_CHANGES_KEEP) await removeTempDirs();
});

/** A synthetic site root of 10 issues of 5 entries, three entries a list page; and its files. */
async function syntheticSite(seed: number): Promise<{ root: string; files: SiteFiles }> {
  const root = path.join(await tempDir('digest-changes-'), 'site');
  await writeSyntheticSite(root, { issues: 10, entriesPerIssue: 5, seed });
  const siteYml = path.join(root, 'content', 'site.yml');
  await writeFile(siteYml, (await readFile(siteYml, 'utf8')).replace(/^(url: .*)$/m, '$1\npage_size: 3\nrecent_issues: 4'));
  const files: SiteFiles = new Map();
  for (const file of await readdir(path.join(root, 'content'), { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const full = path.join(file.parentPath, file.name);
    files.set(path.relative(root, full).split(path.sep).join('/'), await readFile(full, 'utf8'));
  }
  return { root, files };
}

const builtin = (relativePath: string) => (existsSync(path.join(REPO, relativePath)) ? readFileSync(path.join(REPO, relativePath), 'utf8') : undefined);

const problems = (result: BuildResult) => result.files.flatMap((file) => file.messages.map(String)).join('\n');

/** The output of a cold build (--no-cache) of `root` into a fresh folder of its own. */
async function coldTree(root: string, outDir: string, options: Partial<BuildOptions>): Promise<Map<string, string>> {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({ ...options, root, outDir, cache: false });
  assert.equal(result.ok, true, `cold build failed:\n${problems(result)}`);
  return hashTree(outDir);
}

interface Run {
  seed: number;
  history: string[];
}

function failure(run: Run, step: number, what: string, details: readonly string[]): string {
  return [
    `${what} (seed ${run.seed}, step ${step})`,
    `replay: DIGEST_CHANGES_SEED=${run.seed} DIGEST_CHANGES_STEPS=${step} node --import tsx --test test/incremental-changes.test.ts`,
    'changes:',
    ...run.history.map((line) => `  ${line}`),
    ...details.slice(0, 40).map((line) => `  ${line}`),
    ...(details.length > 40 ? [`  ... ${details.length - 40} more`] : []),
  ].join('\n');
}

/**
 * Applies STEPS random change sets to the site root, calling `incremental` after each with the
 * paths changed, and compares its output with a cold build's after each.
 */
async function checkChanges(options: {
  seed: number;
  cold: Partial<BuildOptions>;
  incremental: (root: string, changed: readonly string[] | null) => Promise<{ ok: boolean; report: string; outDir: string }>;
  kinds?: readonly ChangeKind[];
  steps?: number;
}): Promise<void> {
  const { root, files } = await syntheticSite(options.seed);
  const coldOut = path.join(path.dirname(root), 'cold');
  const generator = createChangeGenerator({ random: random(options.seed), builtin, kinds: options.kinds ?? KINDS });
  const run: Run = { seed: options.seed, history: [] };
  for (let step = 0; step <= (options.steps ?? STEPS); step++) {
    let changed: string[] | null = null;
    if (step > 0) {
      const changes: Change[] = generator.next(files);
      run.history.push(`step ${step}: ${changes.map((change) => `${change.kind}: ${change.what}`).join('; ')}`);
      changed = await applyChanges(root, changes);
    }
    const result = await options.incremental(root, changed);
    if (!result.ok) assert.fail(failure(run, step, 'the incremental build failed', result.report.split('\n')));
    const diff = treeDiff(await hashTree(result.outDir), await coldTree(root, coldOut, options.cold));
    if (diff.length > 0) assert.fail(failure(run, step, 'the incremental build differs from a cold build', [`outputs: ${result.outDir} (incremental), ${coldOut} (cold)`, 'differing paths (+ only incremental, - only cold, ~ bytes):', ...diff]));
  }
}

describe('random change sets, built incrementally, build what a cold build does', () => {
  it('one-off digest build runs with the cache in the site root', async () => {
    await checkChanges({
      seed: SEED,
      cold: {},
      incremental: async (root) => {
        const result = await runCli(['build', '--root', root]);
        return { ok: result.code === 0, report: `${result.stdout}${result.stderr}`, outDir: path.join(root, 'dist') };
      },
    });
  });

  const devBuilds = (kinds?: readonly ChangeKind[], steps?: number) => async () => {
    let builder: ReturnType<typeof createBuilder> | null = null;
    try {
      await checkChanges({
        seed: SEED,
        kinds,
        steps,
        cold: { drafts: true, baseUrl: DEV_URL },
        incremental: async (root, changed) => {
          const outDir = path.join(path.dirname(root), 'dev');
          builder ??= createBuilder({ root, outDir, baseUrl: DEV_URL, drafts: true });
          const result = await builder.build(changed ? { changed } : undefined);
          // Feeds and the search index follow a dev build's pages in the background.
          await builder.flush();
          return { ok: result.ok, report: problems(result), outDir };
        },
      });
    } finally {
      await (builder as ReturnType<typeof createBuilder> | null)?.close();
    }
  };

  it('a long-lived builder told which paths changed (digest dev)', devBuilds());

  // Edits that leave every entry in its terms take the model's shortest way (the previous site's
  // lists with the edited entries put in): each such change set alone, as an editor saves them.
  it('a long-lived builder given only edits in place: titles, bodies, issue headers', devBuilds(['entry-title', 'entry-body', 'issue-header'], 8));

  for (const [kind, bug] of Object.entries(KNOWN_FAILURES)) it.todo(`${kind}: ${bug}`);
});

describe('a long-lived builder reports what a cold check reports', () => {
  // Its runs look again only at what changed: the messages of everything else are its last
  // run's, and must be exactly those a check of the whole content gives now.
  it('after each change: errors, warnings (site.yml\'s too), links whose target comes and goes, unknown files', async () => {
    const { root, files } = await syntheticSite(SEED);
    const entries = [...files.keys()].filter((file) => /\/\d\d-[^/]+\.md$/.test(file)).sort();
    const [linking, regional, other] = [entries[0]!, entries[7]!, entries[12]!];
    const target = `${path.posix.dirname(linking)}/99-link-target.md`;
    const tuesday = 'content/issues/2031/2031-01-07';
    const edit = async (file: string, change: (text: string) => string) => writeFile(path.join(root, file), change(await readFile(path.join(root, file), 'utf8')));
    const entryText = (title: string) => `---\ntitle: ${title}\nsection: industry\nsource: 测试来源\n---\n${title}的正文。\n`;
    const steps: { what: string; apply: () => Promise<string[]> }[] = [
      { what: 'a control character in site.yml (a warning)', apply: async () => (await edit('content/site.yml', (text) => text.replace(/^(title: .*)$/m, '$1\u0007')), ['content/site.yml']) },
      { what: 'a link to an entry that is not there', apply: async () => (await edit(linking, (text) => `${text.trimEnd()}\n\n[相关](99-link-target.md)\n`), [linking]) },
      { what: 'the entry it links to added', apply: async () => (await writeFile(path.join(root, target), entryText('链接目标')), [target]) },
      { what: 'a region in its short form (a warning)', apply: async () => (await edit(regional, (text) => text.replace(/^region: .*$/m, 'region: 湖南')), [regional]) },
      { what: 'another entry edited', apply: async () => (await edit(other, (text) => text.replace(/^title: .*$/m, 'title: 改过的标题')), [other]) },
      { what: 'the link target removed', apply: async () => (await rm(path.join(root, target)), [target]) },
      { what: 'a file that is no part of the format', apply: async () => (await writeFile(path.join(root, 'content/issues/notes.txt'), 'notes\n'), ['content/issues/notes.txt']) },
      {
        what: 'an issue folder that is not a Monday',
        apply: async () => {
          await mkdir(path.join(root, tuesday), { recursive: true });
          await writeFile(path.join(root, tuesday, 'index.md'), '---\nnumber: 9001\n---\n');
          await writeFile(path.join(root, tuesday, '01-tuesday.md'), entryText('星期二'));
          return [tuesday];
        },
      },
      { what: 'the link target back', apply: async () => (await writeFile(path.join(root, target), entryText('链接目标')), [target]) },
      { what: 'the unknown file and the folder removed', apply: async () => (await rm(path.join(root, 'content/issues/notes.txt')), await rm(path.join(root, tuesday), { recursive: true }), ['content/issues/notes.txt', tuesday]) },
    ];
    const lines = (result: BuildResult) => result.files.flatMap((file) => file.messages.map((message) => `${file.path}: ${String(message)} [${message.ruleId}]`)).sort();
    const builder = createBuilder({ root, outDir: path.join(path.dirname(root), 'dev'), baseUrl: DEV_URL, drafts: true });
    try {
      await builder.build();
      for (const step of steps) {
        const changed = await step.apply();
        const result = await builder.build({ changed });
        const cold = await build({ root, baseUrl: DEV_URL, drafts: true, write: false, cache: false });
        assert.equal(result.ok, cold.ok, step.what);
        assert.deepEqual(lines(result), lines(cold), step.what);
      }
    } finally {
      await builder.close();
    }
  });
});

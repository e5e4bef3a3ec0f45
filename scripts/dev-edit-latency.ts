// digest dev as an editor feels it: from writing a file until an HTTP GET of the affected page
// returns the new text (watcher latency, debounce and rebuild included). Runs the compiled CLI's
// `digest dev` on a copy of a corpus and times five kinds of edit to its newest issue, each
// repeated; the figures are medians. Used by scripts/bench.ts, and on its own:
//   npm run compile && node --import tsx scripts/dev-edit-latency.ts --entries 6000 --runs 7
// (the corpus, seed 1 with 15 entries an issue, is made in bench/corpus-N when missing; or
// --corpus DIR, a site root made elsewhere, with --entries giving the number it reports).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addDays } from '../src/calendar-date.ts';
import { pinyinSlug } from '../src/model/slugs.ts';

export const DEV_EDIT_KINDS = ['body edit', 'title edit', 'brand-new tag', 'new entry file', 'new issue folder'] as const;
export type DevEditKind = (typeof DEV_EDIT_KINDS)[number];

export interface DevEditFigures {
  kind: DevEditKind;
  latenciesMs: number[];
  medianMs: number;
}

interface Edit {
  /** Writes the edit's files. */
  write(): void;
  /** The page (a path under the server's root URL) that must show `text`. */
  page: string;
  text: string;
}

/** How long an edit may take to show before the measurement gives up. */
const EDIT_TIMEOUT_MS = 120_000;
/** Pause between edits, for the background work of the last one (feeds, index, cache). */
const SETTLE_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureDevEdits(corpus: string, options: { cli: string; repetitions: number; log?: (line: string) => void }): Promise<DevEditFigures[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-dev-edits-'));
  let dev: ChildProcess | null = null;
  try {
    await cp(path.join(corpus, 'content'), path.join(root, 'content'), { recursive: true });
    const started = startDev(options.cli, root);
    dev = started.child;
    const url = await started.url;
    await sleep(SETTLE_MS);
    // Every edit is made to (or next to) the corpus's newest issue.
    const issue = newestIssue(root);
    const figures: DevEditFigures[] = [];
    for (const kind of DEV_EDIT_KINDS) {
      const latenciesMs: number[] = [];
      for (let repetition = 1; repetition <= options.repetitions; repetition++) {
        const edit = editOf(kind, root, issue, repetition);
        const start = performance.now();
        edit.write();
        await waitForText(new URL(edit.page, url), edit.text, start + EDIT_TIMEOUT_MS);
        latenciesMs.push(performance.now() - start);
        options.log?.(`dev ${kind} #${repetition}: ${latenciesMs.at(-1)!.toFixed(0)} ms`);
        await sleep(SETTLE_MS);
      }
      figures.push({ kind, latenciesMs, medianMs: median(latenciesMs) });
    }
    return figures;
  } finally {
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  }
}

/** `digest dev` on any free port; resolves with the URL it serves once its first build is done. */
function startDev(cli: string, root: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [cli, 'dev', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const serving = /serving (http:\/\/\S+)/.exec(output);
      if (serving) resolve(serving[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`digest dev exited (${code}) before serving:\n${output}`)));
  });
  return { child, url };
}

/** Polls `url` until it answers 200 with `text` in its body. */
async function waitForText(url: URL, text: string, deadline: number): Promise<void> {
  for (;;) {
    const response = await fetch(url).catch(() => null);
    if (response?.ok && (await response.text()).includes(text)) return;
    if (performance.now() > deadline) throw new Error(`${url} did not show "${text}" in time`);
    await sleep(5);
  }
}

/** The newest issue's folder (relative to the root), its week, and its first entry file. */
function newestIssue(root: string): { folder: string; week: string; entry: string } {
  const issues = path.join(root, 'content', 'issues');
  const year = readdirSync(issues).sort().at(-1)!;
  const week = readdirSync(path.join(issues, year)).sort().at(-1)!;
  const folder = path.join(issues, year, week);
  const entry = readdirSync(folder).filter((name) => name !== 'index.md' && name.endsWith('.md')).sort()[0]!;
  return { folder, week, entry: path.join(folder, entry) };
}

const entryText = (title: string) => `---\ntitle: ${title}\nsection: industry\nsource: 基准测试\n---\n${title}的正文。\n`;

function editOf(kind: DevEditKind, root: string, issue: ReturnType<typeof newestIssue>, repetition: number): Edit {
  const nonce = `${repetition}${Date.now().toString(36)}`;
  const issuePage = `issues/${issue.week}/`;
  const entry = issue.entry;
  const original = readFileSync(entry, 'utf8');
  switch (kind) {
    case 'body edit': {
      const text = `正文修改${nonce}`;
      return { write: () => writeFileSync(entry, `${original.trimEnd()}\n\n${text}\n`), page: issuePage, text };
    }
    case 'title edit': {
      const text = `标题修改${nonce}`;
      return { write: () => writeFileSync(entry, original.replace(/^title: .*$/m, `title: ${text}`)), page: issuePage, text };
    }
    case 'brand-new tag': {
      const tag = `bench-tag-${nonce}`;
      // The entry's tags field, as a flow list or a block list (its items on the lines below).
      const field = /^tags:.*(?:\r?\n[ \t]*- .*)*$/m;
      const edited = field.test(original) ? original.replace(field, `tags: [${tag}]`) : original.replace(/\n---\r?\n/, `\ntags: [${tag}]\n---\n`);
      return { write: () => writeFileSync(entry, edited), page: `tags/${pinyinSlug(tag)}/`, text: tag };
    }
    case 'new entry file': {
      const text = `新增条目${nonce}`;
      const file = path.join(issue.folder, `${String(50 + repetition).padStart(2, '0')}-bench-added-${repetition}.md`);
      return { write: () => writeFileSync(file, entryText(text)), page: issuePage, text };
    }
    case 'new issue folder': {
      const week = addDays(issue.week, 7 * repetition);
      const folder = path.join(root, 'content', 'issues', week.slice(0, 4), week);
      const text = `新一期${nonce}`;
      return {
        write: () => {
          mkdirSync(folder, { recursive: true });
          writeFileSync(path.join(folder, 'index.md'), `---\nnumber: ${100000 + repetition}\n---\n`);
          writeFileSync(path.join(folder, '01-bench-new.md'), entryText(text));
        },
        page: `issues/${week}/`,
        text,
      };
    }
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '6000' }, runs: { type: 'string', default: '7' }, corpus: { type: 'string' } } });
  const entries = Number(values.entries);
  const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  // --corpus DIR: a site root made elsewhere (gen-corpus.ts --profile holdout, say), as it is.
  const corpus = values.corpus ? path.resolve(values.corpus) : path.join(repo, 'bench', `corpus-${entries}`);
  if (!values.corpus && !existsSync(path.join(corpus, 'content', 'site.yml'))) {
    const { writeCorpus } = await import('./gen-corpus.ts');
    process.stderr.write(`generating ${entries} entries into ${path.relative(repo, corpus)}...\n`);
    await writeCorpus(corpus, { issues: Math.ceil(entries / 15), perIssue: 15, seed: 1 });
  }
  const figures = await measureDevEdits(corpus, { cli: path.join(repo, 'bin', 'digest.js'), repetitions: Number(values.runs) });
  process.stdout.write(`| entries | edit | median ms | each, ms |\n|---|---|---|---|\n`);
  for (const { kind, medianMs, latenciesMs } of figures) process.stdout.write(`| ${entries} | ${kind} | ${Math.round(medianMs)} | ${latenciesMs.map(Math.round).join(', ')} |\n`);
  process.stdout.write(`load average after: ${loadavg().map((load) => load.toFixed(2)).join(' ')}\n`);
}

// Build benchmarks at archive scale: cold build, warm build, a one-entry rebuild in a
// long-lived builder (as digest dev runs it), five kinds of edit in a running `digest dev`
// timed until its server returns the new text (scripts/dev-edit-latency.ts), and a weekly
// publish (scripts/weekly-publish.ts: one issue added, built with the cache, compared with a
// cold build), at 1.5k, 6k and 15k entries. Each build runs in a
// fresh process (scripts/bench-run.mjs) against the compiled lib/; figures are the best of
// --runs runs. Prints a table and writes bench/results/bench-<time>.json.
//
//   npm run bench                      (all three sizes; compiles first)
//   node --import tsx scripts/bench.ts --sizes 1500 --runs 3 --dev-edit-runs 5
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_EDIT_KINDS, measureDevEdits, type DevEditFigures } from './dev-edit-latency.ts';
import { writeCorpus } from './gen-corpus.ts';
import { describe as describePublish, weeklyPublish, type PublishFigures } from './weekly-publish.ts';

const PER_ISSUE = 15;
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '..');

interface RunFigures {
  wallSeconds: number;
  processWallSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  maxRssMb: number;
  pages: number;
  written: number;
  bytes: number;
  stats: { timings: Record<string, number>; rendered: number; parsed: number };
}

interface DevFigures {
  latenciesMs: number[];
  medianMs: number;
  rebuilds: unknown[];
}

function runChild(args: string[]): { figures: unknown; processWallSeconds: number } {
  const started = performance.now();
  const out = execFileSync(process.execPath, [path.join(here, 'bench-run.mjs'), ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
  const processWallSeconds = (performance.now() - started) / 1000;
  const line = out.trim().split('\n').pop() ?? '{}';
  return { figures: JSON.parse(line), processWallSeconds };
}

function measureBuild(root: string, noCache: boolean): RunFigures {
  const { figures, processWallSeconds } = runChild(['build', root, ...(noCache ? ['--no-cache'] : [])]);
  return { ...(figures as RunFigures), processWallSeconds };
}

function best(runs: RunFigures[]): RunFigures {
  return runs.reduce((a, b) => (b.processWallSeconds < a.processWallSeconds ? b : a));
}

async function ensureCorpus(entries: number): Promise<string> {
  const root = path.join(repo, 'bench', `corpus-${entries}`);
  if (!existsSync(path.join(root, 'content', 'site.yml'))) {
    process.stderr.write(`generating ${entries} entries into ${path.relative(repo, root)}...\n`);
    await writeCorpus(root, { issues: Math.ceil(entries / PER_ISSUE), perIssue: PER_ISSUE, seed: 1 });
  }
  return root;
}

/** The newest issue's first entry, and its issue page. */
function sampleEntry(root: string): { entry: string; page: string } {
  const issuesDir = path.join(root, 'content', 'issues');
  const year = readdirSync(issuesDir).sort().pop()!;
  const week = readdirSync(path.join(issuesDir, year)).sort().pop()!;
  const entry = readdirSync(path.join(issuesDir, year, week)).filter((name) => name !== 'index.md').sort()[0]!;
  return { entry: path.posix.join('content/issues', year, week, entry), page: path.posix.join('issues', week, 'index.html') };
}

// Old outputs are moved into bench/trash and deleted only when every run is done. On this
// machine's ext4 (no journal), creating a file within ~5-35 s of thousands of deletions makes the
// kernel skip every recently deleted inode one by one (perf: ext4_create -> recently_deleted):
// deleting dist/ right before a run added 4-6 s of system time to a 15k cold build, a cost of the
// benchmark's own cleanup, not of the build.
const trash = path.join(repo, 'bench', 'trash');
let trashed = 0;
async function moveAside(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  await mkdir(trash, { recursive: true });
  await rename(dir, path.join(trash, `${process.pid}-${trashed++}`));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1500,6000,15000' }, runs: { type: 'string', default: '1' }, edits: { type: 'string', default: '5' }, 'dev-edit-runs': { type: 'string', default: '5' } } });
  const sizes = String(values.sizes).split(',').map(Number);
  const runs = Number(values.runs);
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const root = await ensureCorpus(size);
    const clean = async (what: 'dist' | 'cache' | 'both') => {
      if (what !== 'cache') await moveAside(path.join(root, 'dist'));
      if (what !== 'dist') await moveAside(path.join(root, '.digest-cache'));
    };
    const load = loadavg()[0]!;
    const cold: RunFigures[] = [];
    for (let i = 0; i < runs; i++) {
      await clean('both');
      cold.push(measureBuild(root, true));
    }
    // A first build with the cache enabled fills it; the warm builds then find nothing changed.
    await clean('both');
    const filling = measureBuild(root, false);
    const warm: RunFigures[] = [];
    for (let i = 0; i < runs; i++) warm.push(measureBuild(root, false));
    const sample = sampleEntry(root);
    const dev = runChild(['dev', root, sample.entry, sample.page, String(values.edits)]).figures as DevFigures;
    const devEdits = await measureDevEdits(root, { cli: path.join(repo, 'bin', 'digest.js'), repetitions: Number(values['dev-edit-runs']), log: (line) => process.stderr.write(`${line}\n`) });
    const publish = await weeklyPublish(size);
    process.stderr.write(`${describePublish(publish)}\n`);
    const row = { entries: size, loadAverageAtStart: load, cold: best(cold), firstCachedBuild: filling, warm: best(warm), dev, devEdits, publish };
    results.push(row);
    printRow(row);
  }
  const outDir = path.join(repo, 'bench', 'results');
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version };
  await writeFile(file, `${JSON.stringify({ machine, runs, results }, null, 2)}\n`);
  printTable(results);
  await rm(trash, { recursive: true, force: true });
  const last = results.find((row) => row.entries === 15000) as { cold: RunFigures; warm: RunFigures; dev: DevFigures; devEdits: DevEditFigures[] } | undefined;
  const six = results.find((row) => row.entries === 6000) as { cold: RunFigures } | undefined;
  if (last) {
    const checks = [
      ['cold build <= 6.5 s', last.cold.processWallSeconds <= 6.5],
      ['warm build <= 1.5 s', last.warm.processWallSeconds <= 1.5],
      ['dev one-entry rebuild <= 100 ms', last.dev.medianMs <= 100],
      ...last.devEdits.map((edit) => [`dev ${edit.kind} in the served page <= 100 ms`, edit.medianMs <= 100] as const),
      ['peak RSS <= 600 MB', Math.max(last.cold.maxRssMb, last.warm.maxRssMb) <= 600],
      ...(six ? [['15k cold <= 2.7 x 6k cold', last.cold.processWallSeconds <= 2.7 * six.cold.processWallSeconds] as const] : []),
    ] as const;
    for (const [name, ok] of checks) process.stdout.write(`${ok ? 'met    ' : 'MISSED '} ${name}\n`);
  }
  process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
}

function printRow(row: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify(row, (key, value) => (key === 'rebuilds' ? undefined : value))}\n`);
}

function printTable(results: Record<string, unknown>[]): void {
  const header = ['entries', 'build', 'wall s', 'cpu s', 'peak RSS MB', 'pages', 'files written', 'MB written'];
  const lines = [header];
  for (const row of results as { entries: number; cold: RunFigures; firstCachedBuild: RunFigures; warm: RunFigures; dev: DevFigures; devEdits: DevEditFigures[]; publish: PublishFigures }[]) {
    for (const [name, figures] of [['cold (--no-cache)', row.cold], ['first with cache', row.firstCachedBuild], ['warm, no change', row.warm]] as const) {
      lines.push([
        String(row.entries),
        name,
        figures.processWallSeconds.toFixed(2),
        (figures.userSeconds + figures.systemSeconds).toFixed(2),
        figures.maxRssMb.toFixed(0),
        String(figures.pages),
        String(figures.written),
        (figures.bytes / 1048576).toFixed(1),
      ]);
    }
    lines.push([String(row.entries), 'dev: one entry edited', `${(row.dev.medianMs / 1000).toFixed(3)}`, '', '', '', '', `median of ${row.dev.latenciesMs.length}`]);
    // Saved until the served page shows it.
    for (const kind of DEV_EDIT_KINDS) {
      const edit = row.devEdits.find((figures) => figures.kind === kind)!;
      lines.push([String(row.entries), `dev served: ${kind}`, `${(edit.medianMs / 1000).toFixed(3)}`, '', '', '', '', `median of ${edit.latenciesMs.length}`]);
    }
    const { publish } = row.publish;
    const same = row.publish.differences.length === 0 ? 'same as cold' : `${row.publish.differences.length} files differ from cold`;
    lines.push([String(row.entries), `weekly publish (+15), ${same}`, publish.wallSeconds.toFixed(2), '', '', `${publish.stats.rendered} rendered`, String(publish.written), (publish.bytes / 1048576).toFixed(1)]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${format(lines[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${lines.slice(1).map(format).join('\n')}\n`);
}

await main();

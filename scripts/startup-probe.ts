// The fixed cost of a cold build, and the whole cold build, at several archive sizes: each run is
// a fresh `digest build --no-cache` process (into an empty output folder) preloaded with
// scripts/startup-preload.mjs, which notes when the process first lists content/ and first reads
// a file in it. Variants of the build run interleaved (run 1 of each, then run 2 of each...) and
// the figures are medians. Prints a markdown table with the load average at the start and end.
//
//   npx tsc -p tsconfig.json
//   node --import tsx scripts/startup-probe.ts --sizes 500,1500,6000,15000 --runs 5
//   node --import tsx scripts/startup-probe.ts --sizes 500,1500 --variant threads=0 --variant threads=2
//
// Corpora: /work/bench/cb/<profile>-<entries> (--corpora DIR), made with scripts/gen-corpus.ts when
// missing. Variants (--variant, repeatable; default "cli"):
//   cli            node bin/digest.js build (this checkout's lib/)
//   threads=N      lib/build.js's build() with { threads: N } (scripts/startup-run.mjs): N parse
//                  workers however small the archive; 0 keeps everything on the main thread
//   auto           build() with no threads option: what the CLI does, without the CLI's modules
//   NAME=PATH.js   another launcher taking the CLI's arguments (a bundle, an older checkout's bin)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus, type CorpusProfile } from './gen-corpus.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '..');
const PRELOAD = path.join(here, 'startup-preload.mjs');

export interface ProbeFigures {
  code: number;
  firstListMs: number | null;
  firstReadMs: number | null;
  exitMs: number;
  /** Measured around the process by the probe (spawn to exit). */
  wallMs: number;
  userSeconds: number;
  systemSeconds: number;
  maxRssMb: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function ensureCorpus(dir: string, profile: CorpusProfile, entries: number): Promise<string> {
  const root = path.join(dir, `${profile}-${entries}`);
  if (!existsSync(path.join(root, 'content', 'site.yml'))) {
    process.stderr.write(`generating ${profile} ${entries} into ${root}...\n`);
    await writeCorpus(root, { issues: Math.ceil(entries / 15), perIssue: 15, seed: 1, profile, entries });
  }
  return root;
}

/** Old outputs go aside and are deleted at the end (creating files right after mass deletions is slow on ext4; see docs/benchmarks.md). */
export class Trash {
  #n = 0;
  constructor(readonly dir: string) {}
  put(target: string): void {
    if (!existsSync(target)) return;
    mkdirSync(this.dir, { recursive: true });
    renameSync(target, path.join(this.dir, `${process.pid}-${this.#n++}`));
  }
  empty(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function variantArgs(variant: string, root: string, out: string): string[] {
  const cliArgs = ['build', '--root', root, '--no-cache', '--out', out];
  if (variant === 'cli') return [path.join(repo, 'bin', 'digest.js'), ...cliArgs];
  if (variant === 'auto') return [path.join(here, 'startup-run.mjs'), root, out];
  const threads = /^threads=(\d+)$/.exec(variant);
  if (threads) return [path.join(here, 'startup-run.mjs'), root, out, threads[1]!];
  const named = /^[\w.-]+=(.+)$/.exec(variant);
  if (named) return [path.resolve(named[1]!), ...cliArgs];
  throw new Error(`unknown variant ${variant}`);
}

export function probeRun(args: readonly string[], scratch: string, extraNodeArgs: readonly string[] = []): ProbeFigures {
  const record = path.join(scratch, `probe-${process.pid}.jsonl`);
  rmSync(record, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, [...extraNodeArgs, '--import', PRELOAD, ...args], { encoding: 'utf8', env: { ...process.env, STARTUP_PROBE_OUT: record }, maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}):\n${child.stderr.slice(-2000)}`);
  const line = readFileSync(record, 'utf8').trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as Omit<ProbeFigures, 'wallMs'>), wallMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '500,1500,6000,15000' },
      profile: { type: 'string', default: 'real' },
      runs: { type: 'string', default: '5' },
      variant: { type: 'string', multiple: true },
      corpora: { type: 'string', default: '/work/bench/cb' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const variants = values.variant ?? ['cli'];
  const runs = Number(values.runs);
  const corpora = path.resolve(values.corpora);
  const scratch = path.join(corpora, 'probe-out');
  mkdirSync(scratch, { recursive: true });
  const trash = new Trash(path.join(corpora, 'trash', String(process.pid)));
  const loadStart = loadavg();
  const rows: string[][] = [];
  for (const size of sizes) {
    const root = await ensureCorpus(corpora, values.profile as CorpusProfile, size);
    const figures = new Map(variants.map((variant) => [variant, [] as ProbeFigures[]]));
    const load = loadavg()[0]!;
    for (let run = 0; run < runs; run++) {
      for (const variant of variants) {
        const out = path.join(scratch, `out-${values.profile}-${size}-${variant.replace(/\W/g, '_')}`);
        trash.put(out);
        const result = probeRun(variantArgs(variant, root, out), scratch);
        figures.get(variant)!.push(result);
        process.stderr.write(`${size} ${variant} run ${run + 1}: first read ${result.firstReadMs?.toFixed(0)} ms, wall ${result.wallMs.toFixed(0)} ms, cpu ${(result.userSeconds + result.systemSeconds).toFixed(2)} s, rss ${result.maxRssMb.toFixed(0)} MB\n`);
      }
    }
    for (const variant of variants) {
      const list = figures.get(variant)!;
      rows.push([
        String(size),
        variant,
        median(list.map((f) => f.firstReadMs ?? Number.NaN)).toFixed(0),
        (median(list.map((f) => f.wallMs)) / 1000).toFixed(2),
        median(list.map((f) => f.userSeconds + f.systemSeconds)).toFixed(2),
        median(list.map((f) => f.maxRssMb)).toFixed(0),
        load.toFixed(2),
      ]);
    }
  }
  trash.empty();
  const header = ['entries', 'variant', 'start-up to first content read ms', 'cold build wall s', 'cpu s (user+sys)', 'peak RSS MB', 'load (1 min) at start'];
  const lines = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`profile ${values.profile}, medians of ${runs} interleaved runs; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end\n\n`);
  process.stdout.write(`${format(lines[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${lines.slice(1).map(format).join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

// The weekly-publish benchmark: an archive of N issues built with its cache, then one more
// issue added and built again, as an editor publishes it. Reports what the second build did
// (pages rendered, files written, time) and whether its output equals a cold build of the
// final content, file by file. Counts are the point; times on a shared machine are a hint.
//
//   node --import tsx scripts/weekly-publish.ts [--entries 6000] [--extra 1] [--block-week]
//   (compile first: it runs the built lib/ through scripts/bench-run.mjs)
//
// The archive has ceil(N / 15) issues, or one more when the publish would move a block of issues
// into the search index's past segment (index-segments.ts): a normal week. --block-week measures
// the week of every eight that does move one.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RECENT_BLOCK } from '../src/search/index-segments.ts';
import { writeCorpus } from './gen-corpus.ts';

const PER_ISSUE = 15;
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '..');

export interface PublishFigures {
  entries: number;
  /** Issues added for the measured build (1: a normal week). */
  added: number;
  /** Issues before the publish. */
  issues: number;
  /** The publish moved a block of issues into the search index's past segment. */
  blockWeek: boolean;
  cold: BuildFigures;
  publish: BuildFigures;
  /** Output files that differ between the incremental output and a cold build of the same content. */
  differences: string[];
  files: number;
}

interface BuildFigures {
  wallSeconds: number;
  pages: number;
  written: number;
  bytes: number;
  stats: { rendered: number; keptPages: number; unchanged: number; timings: Record<string, number> };
}

function run(args: string[]): BuildFigures {
  const out = execFileSync(process.execPath, [path.join(here, 'bench-run.mjs'), ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as BuildFigures;
}

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((item) => item.isFile())
    .map((item) => path.relative(dir, path.join(item.parentPath, item.name)))
    .sort();
}

/** Paths present in only one folder or with different bytes. */
export function compareTrees(a: string, b: string): string[] {
  const left = listFiles(a);
  const right = new Set(listFiles(b));
  const differences: string[] = [];
  for (const file of left) {
    if (!right.delete(file)) differences.push(`only in ${a}: ${file}`);
    else if (!readFileSync(path.join(a, file)).equals(readFileSync(path.join(b, file)))) differences.push(`differs: ${file}`);
  }
  for (const file of right) differences.push(`only in ${b}: ${file}`);
  return differences;
}

/** The newest `count` issue folders, oldest first. */
function newestIssues(root: string, count: number): string[] {
  const issues = path.join(root, 'content', 'issues');
  const all = readdirSync(issues).flatMap((year) => readdirSync(path.join(issues, year)).map((week) => path.join(issues, year, week)));
  return all.sort().slice(-count);
}

/** Whether adding `added` issues to `before` moves a block into the past segment. */
const movesBlock = (before: number, added: number): boolean => Math.floor(Math.max(0, before - 1) / RECENT_BLOCK) !== Math.floor((before + added - 1) / RECENT_BLOCK);

export async function weeklyPublish(entries: number, added = 1, blockWeek = false): Promise<PublishFigures> {
  let issues = Math.ceil(entries / PER_ISSUE);
  while (movesBlock(issues, added) !== blockWeek) issues++;
  const root = path.join(repo, 'bench', `weekly-${entries}`);
  const aside = path.join(repo, 'bench', `weekly-${entries}-aside`);
  await rm(root, { recursive: true, force: true });
  await rm(aside, { recursive: true, force: true });
  await writeCorpus(root, { issues: issues + added, perIssue: PER_ISSUE, seed: 1 });
  // The archive before the publish: the newest issue(s) moved aside.
  const held = newestIssues(root, added);
  await mkdir(aside, { recursive: true });
  for (const [i, folder] of held.entries()) await rename(folder, path.join(aside, String(i)));
  const cold = run(['build', root]);
  for (const [i, folder] of held.entries()) await rename(path.join(aside, String(i)), folder);
  const publish = run(['build', root]);
  // A cold build of the final content, elsewhere, without the cache.
  const fresh = path.join(repo, 'bench', `weekly-${entries}-cold`);
  await rm(fresh, { recursive: true, force: true });
  run(['build', root, '--no-cache', '--out', fresh]);
  const differences = compareTrees(path.join(root, 'dist'), fresh);
  const files = listFiles(fresh).length;
  await rm(aside, { recursive: true, force: true });
  return { entries, added, issues, blockWeek, cold, publish, differences, files };
}

export function describe(figures: PublishFigures): string {
  const { publish, cold } = figures;
  return [
    `weekly publish at ${figures.entries} entries (${figures.issues} issues, +${figures.added * PER_ISSUE} entries${figures.blockWeek ? ', a week that moves a block into the past segment' : ''}):`,
    `  first build with cache: ${cold.pages} pages, ${cold.written} files written, ${cold.wallSeconds.toFixed(2)} s`,
    `  publish: ${publish.stats.rendered} of ${publish.pages} pages rendered, ${publish.written} files written (${(publish.bytes / 1048576).toFixed(1)} MB), ${publish.wallSeconds.toFixed(2)} s (${(publish.wallSeconds / cold.wallSeconds).toFixed(2)}x)`,
    `  publish steps (ms): ${Object.entries(publish.stats.timings).map(([step, ms]) => `${step} ${ms}`).join(', ')}`,
    `  output vs cold build of the final content: ${figures.differences.length === 0 ? `identical (${figures.files} files)` : `${figures.differences.length} differences, e.g. ${figures.differences.slice(0, 5).join('; ')}`}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '6000' }, extra: { type: 'string', default: '1' }, 'block-week': { type: 'boolean', default: false } } });
  if (!existsSync(path.join(repo, 'lib', 'build.js'))) throw new Error('compile first: npx tsc -p tsconfig.json');
  process.stdout.write(`${describe(await weeklyPublish(Number(values.entries), Number(values.extra), values['block-week']))}\n`);
}

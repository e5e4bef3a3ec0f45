// Time and peak memory of `digest build` on each hostile Markdown body of
// scripts/hostile-markdown-cases.ts, one site root and one process per case. Prints wall and CPU
// seconds, peak RSS (VmHWM, read from /proc while the CLI runs: Linux only) and the outcome; a
// case still running after --timeout seconds is killed. Runs a compiled CLI: `npx tsc -p .` first.
//
//   node --import tsx scripts/hostile-markdown.ts [--cli bin/digest.js] [--timeout 60] [--at-limit] [case...]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benignBody, HOSTILE_CASES, type HostileCase } from './hostile-markdown-cases.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args.splice(index, 2)[1]!;
};
const cli = path.resolve(option('--cli', 'bin/digest.js'));
const timeout = Number(option('--timeout', '60'));
// With --at-limit, each case is cut to just under the budget of markdown-budget.ts: the most
// work a body can still give the parsers.
const atLimit: Record<string, number> = { 'nested-stars': 2_200, entities: 110_000, underscores: 4_400, 'emphasis-pairs': 4_400, 'html-block-lines': 22_000, 'list-lines': 42_000, benign: 56_000 };
const limited = args.includes('--at-limit');
if (limited) args.splice(args.indexOf('--at-limit'), 1);
const cases: HostileCase[] = [...HOSTILE_CASES, { name: 'benign', size: 32 * 1024, body: benignBody }]
  .filter((item) => !limited || item.name in atLimit)
  .map((item) => (limited ? { ...item, name: `${item.name}-at-limit`, size: atLimit[item.name]! } : item));
const chosen = args.length > 0 ? cases.filter((item) => args.some((name) => item.name.startsWith(name))) : cases;
const TICKS_PER_SECOND = 100;

function site(body: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hostile-markdown-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('content/site.yml', 'title: 测试站点\nurl: https://example.org/\nsections:\n  - { id: industry, title: 行业动态 }\n');
  write('content/issues/2025/2025-11-24/index.md', '---\nnumber: 1\n---\n');
  write('content/issues/2025/2025-11-24/01-case.md', `---\ntitle: 条目\nsection: industry\nsource: 民政部\n---\n${body}`);
  return root;
}

interface Sample {
  peakKb: number;
  cpuSeconds: number;
}

/** Peak RSS and CPU time so far of a running process (threads included), from /proc. */
function sample(pid: number, last: Sample): Sample {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const statText = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const stat = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    const cpuSeconds = (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND;
    return { peakKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? last.peakKb), cpuSeconds };
  } catch {
    return last; // exited between two samples
  }
}

function run(root: string): Promise<{ code: number | null; killed: boolean; output: string; wall: number; last: Sample }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'build', '--root', root, '--out', path.join(root, 'dist')], { env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let last: Sample = { peakKb: 0, cpuSeconds: 0 };
    let killed = false;
    const poll = setInterval(() => {
      last = sample(child.pid!, last);
      if (performance.now() - started > timeout * 1000 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 50);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, killed, output, wall: (performance.now() - started) / 1000, last });
    });
  });
}

/** The first reported problem (file:line:column reason rule), or that the build succeeded. */
function firstMessage(output: string): string {
  const line = output.split('\n').find((text) => /\d+:\d+/.test(text) && /error|warning/.test(text));
  return line ? line.trim().replace(/\s+/g, ' ').slice(0, 100) : 'built';
}

process.stdout.write('case                      size  wall s  cpu s  peak MB  exit  outcome\n');
for (const item of chosen) {
  const root = site(item.body(item.size));
  const result = await run(root);
  const outcome = result.killed ? `killed after ${timeout} s` : firstMessage(result.output);
  const size = `${(item.size / 1024).toFixed(0)} KB`;
  process.stdout.write(`${item.name.padEnd(22)} ${size.padStart(7)}  ${result.wall.toFixed(1).padStart(6)} ${result.last.cpuSeconds.toFixed(1).padStart(6)}  ${(result.last.peakKb / 1024).toFixed(0).padStart(7)}  ${String(result.code ?? '-').padStart(4)}  ${outcome}\n`);
  rmSync(root, { recursive: true, force: true });
}

// One measured build in a fresh process, for scripts/bench.ts: prints one JSON line with the
// build's own figures and the process's CPU time and peak RSS (worker threads included).
//   node scripts/bench-run.mjs build ROOT [--no-cache] [--out DIR] [--threads N]
//   node scripts/bench-run.mjs dev ROOT ENTRY_PATH ISSUE_PAGE EDITS
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import { build, createBuilder } from '../lib/build.js';

const [mode, rootArg, ...rest] = process.argv.slice(2);
const root = path.resolve(rootArg ?? '.');

function usage() {
  const usage = process.resourceUsage();
  return { userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6, maxRssMb: usage.maxRSS / 1024 };
}

if (mode === 'build') {
  const started = performance.now();
  const out = rest.includes('--out') ? path.resolve(rest[rest.indexOf('--out') + 1]) : undefined;
  const threads = rest.includes('--threads') ? Number(rest[rest.indexOf('--threads') + 1]) : undefined;
  const result = await build({ root, outDir: out, cache: !rest.includes('--no-cache'), threads });
  const wallSeconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(`benchmark build failed: ${result.files.flatMap((f) => f.messages.map(String)).slice(0, 3).join('; ')}`);
  process.stdout.write(`${JSON.stringify({ wallSeconds, ...usage(), pages: result.stats.rendered + result.stats.keptPages, written: result.written, bytes: result.bytes, stats: result.stats })}\n`);
} else if (mode === 'dev') {
  // What digest dev does on a save: a watcher reports the file, one long-lived builder rebuilds
  // with that path as its hint. Measured: from the watcher's event to the new text being in the
  // issue page on disk.
  const [entryPath, issuePage, editsArg] = rest;
  const builder = createBuilder({ root });
  const first = await builder.build();
  if (!first.ok) throw new Error('benchmark dev build failed');
  const watcher = watch(path.join(root, 'content'), { ignoreInitial: true });
  await new Promise((resolve) => watcher.on('ready', resolve));
  const original = readFileSync(path.join(root, entryPath), 'utf8');
  const latencies = [];
  const rebuilds = [];
  try {
    for (let edit = 1; edit <= Number(editsArg ?? 5); edit++) {
      const marker = `基准测试修改第${edit}次${Date.now()}`;
      const seen = new Promise((resolve) => {
        const onChange = async (changedPath) => {
          watcher.off('change', onChange);
          const event = performance.now();
          const result = await builder.build({ changed: [changedPath] });
          const target = path.join(root, 'dist', issuePage);
          if (!result.ok) throw new Error('benchmark dev rebuild failed');
          const deadline = performance.now() + 30000;
          while (!readFileSync(target, 'utf8').includes(marker)) {
            if (performance.now() > deadline) throw new Error(`the edit never reached ${target}`);
            await new Promise((r) => setTimeout(r, 1));
          }
          resolve({ ms: performance.now() - event, result });
        };
        watcher.on('change', onChange);
      });
      writeFileSync(path.join(root, entryPath), `${original}\n${marker}\n`);
      const { ms, result } = await seen;
      latencies.push(ms);
      rebuilds.push({ rendered: result.stats.rendered, written: result.written, parsed: result.stats.parsed, timings: result.stats.timings });
      await builder.flush();
    }
  } finally {
    writeFileSync(path.join(root, entryPath), original);
    await watcher.close();
  }
  await builder.build();
  await builder.flush();
  const sorted = [...latencies].sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ latenciesMs: latencies, medianMs: sorted[Math.floor(sorted.length / 2)], rebuilds, ...usage() })}\n`);
} else {
  throw new Error('usage: bench-run.mjs build ROOT [--no-cache] | dev ROOT ENTRY ISSUE_PAGE EDITS');
}

// Preloaded into a measured `digest` process (node --import ./scripts/startup-preload.mjs ...) by
// scripts/startup-probe.ts: notes when the process first lists and first reads a file under
// content/, and at exit writes one JSON line of figures to the file named by $STARTUP_PROBE_OUT:
// milliseconds since the process started (performance.now()) to those two moments and to the
// exit, the CPU time of all its threads and its peak RSS.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Worker threads load this too (they inherit execArgv): only the main thread measures.
const out = isMainThread ? process.env.STARTUP_PROBE_OUT : undefined;
const marks = { firstListMs: null, firstReadMs: null };
const underContent = (target) => typeof target === 'string' && /[/\\]content(?:[/\\]|$)/.test(target);
const wrap = (name, mark) => {
  const original = fs[name];
  fs[name] = function (target, ...rest) {
    if (marks[mark] === null && underContent(target)) marks[mark] = performance.now();
    return original.call(this, target, ...rest);
  };
};
wrap('readdirSync', 'firstListMs');
wrap('openSync', 'firstReadMs');
wrap('readFileSync', 'firstReadMs');
syncBuiltinESMExports();
const fsp = fs.promises;
for (const [name, mark] of [['readdir', 'firstListMs'], ['readFile', 'firstReadMs'], ['open', 'firstReadMs']]) {
  const original = fsp[name];
  fsp[name] = function (target, ...rest) {
    if (marks[mark] === null && underContent(target)) marks[mark] = performance.now();
    return original.call(this, target, ...rest);
  };
}
process.on('exit', (code) => {
  if (!out) return;
  const usage = process.resourceUsage();
  const line = { code, ...marks, exitMs: performance.now(), userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6, maxRssMb: usage.maxRSS / 1024 };
  fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
});

// The load and parse steps of a cold build alone, in a fresh process: what they cost in wall time
// and in CPU (all threads: main, parse workers, V8's helpers), and the CPU of each thread as
// /proc/self/task reports it (Linux). Compile first (npx tsc -p .).
//   node scripts/bench-load-parse.mjs ROOT [LIB_DIR]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const root = path.resolve(process.argv[2] ?? '.');
const lib = pathToFileURL(path.resolve(process.argv[3] ?? new URL('../lib', import.meta.url).pathname)).href;
// Everything a build loads is loaded first, as it is when a build gets to these steps.
await import(`${lib}/build.js`);
const { loadContent } = await import(`${lib}/load/load-content.js`);
const { earlyParse } = await import(`${lib}/build/early-parse.js`);
const { parseContent } = await import(`${lib}/build/parse-content.js`);
const { loadConfig } = await import(`${lib}/config.js`);

/** CPU milliseconds of each thread of this process, by "tid:name". */
function threadCpu() {
  const cpu = new Map();
  let tasks = [];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return cpu;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(`${tid}:${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended.
    }
  }
  return cpu;
}

let mainGcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) mainGcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
// Workers end with the parse step: their last figures are the last ones seen.
const before = threadCpu();
const seen = new Map(before);
const poll = () => {
  for (const [thread, ms] of threadCpu()) seen.set(thread, ms);
};
const poller = setInterval(poll, 10);

const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const start = process.cpuUsage();
const t0 = performance.now();
const early = earlyParse({ cold: true });
const loaded = await loadContent(root, { records: new Map(), recordedAt: 0 }, early.hooks);
const config = loadConfig(loaded.siteFile, {});
const t1 = performance.now();
const loadCpu = cpuMs(process.cpuUsage(start));
const parsed = await parseContent({
  files: loaded.files,
  basePath: config?.basePath ?? null,
  documents: new Map(),
  html: new Map(),
  pool: early.pool,
  knownHash: (filePath) => loaded.records.get(filePath)?.hash,
});
const t2 = performance.now();
const totalCpu = cpuMs(process.cpuUsage(start));
poll();
clearInterval(poller);
const threads = Object.fromEntries([...seen].map(([thread, ms]) => [thread, ms - (before.get(thread) ?? 0)]).filter(([, ms]) => ms >= 20));
process.stdout.write(
  `${JSON.stringify({
    loadMs: Math.round(t1 - t0),
    parseMs: Math.round(t2 - t1),
    loadCpuMs: Math.round(loadCpu),
    parseCpuMs: Math.round(totalCpu - loadCpu),
    cpuMs: Math.round(totalCpu),
    mainGcMs: Math.round(mainGcMs),
    threadCpuMs: threads,
    parsed: parsed.parsed,
  })}\n`,
);

// Parses many content files, on worker threads when there are enough to pay for starting them.
// Each worker parses a file and, while its tree is at hand, renders the body's HTML, so trees
// never cross threads: only plain summaries and HTML strings come back.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Root } from 'mdast';
import { parseDocument, summarize, type ParsedSummary } from './parse-document.js';

export interface ParseJob {
  /** Relative to the site root. */
  path: string;
  bytes: Uint8Array;
}

export interface ParseResult {
  summary: ParsedSummary;
  /** The body as HTML; null when not asked for, or when the file could not be read. */
  html: string | null;
}

export interface HtmlContext {
  basePath: string;
  /** Every content file, for resolving relative links. */
  knownPaths: readonly string[];
}

export type WorkerRequest =
  | { type: 'context'; basePath: string | null; knownPaths: readonly string[] }
  /** id: the index of the batch's first job. */
  | { type: 'batch'; id: number; jobs: ParseJob[] };

export interface WorkerReply {
  id: number;
  results: ParseResult[];
}

export interface ParsePoolOptions {
  /** null: summaries only. */
  html: HtmlContext | null;
  /** In-process rendering for small jobs and for the main thread. */
  renderHtml: (tree: Root, sourcePath: string) => string;
  /** Worker threads to use; default min(2, available cores). 0 parses on this thread. */
  threads?: number | undefined;
  /** Workers started earlier (startParsePool), used instead of new ones and terminated after. */
  pool?: ParsePool | null | undefined;
  /** Hears each result as it arrives (in no particular order), while workers still parse others. */
  onResult?: ((index: number, result: ParseResult) => void) | undefined;
}

/** Below this many files, starting workers (~100 ms each) costs more than it saves. */
export const WORKER_THRESHOLD = 300;
const BATCH_SIZE = 40;
const MIN_BATCH_SIZE = 4;
/**
 * Batches a worker holds at once: it goes on parsing while its replies travel back, and while
 * this thread pauses (a full collection of a heap holding every result so far).
 */
const IN_FLIGHT = 3;

/**
 * Parse workers started before their work is known, so that they load their code (a few hundred
 * ms of CPU each) while this thread still reads the files. parseFiles uses and terminates them.
 */
export interface ParsePool {
  readonly workers: readonly PoolWorker[];
  /** Terminates the workers; for a build that ends before parsing. Safe to call again. */
  close(): Promise<void>;
}

interface PoolWorker {
  worker: Worker;
  /** It failed or exited before finishing its work. */
  failed: boolean;
}

function threadCount(files: number, threads: number | undefined): number {
  return files < WORKER_THRESHOLD ? 0 : Math.min(threads ?? Math.min(2, availableParallelism()), Math.ceil(files / BATCH_SIZE));
}

/** Workers for parsing about `files` files; null when so few are better parsed on this thread. */
export function startParsePool(files: number, threads?: number): ParsePool | null {
  const count = threadCount(files, threads);
  return count > 0 ? poolOf(Array.from({ length: count }, startWorker)) : null;
}

function poolOf(workers: Worker[]): ParsePool {
  const members = workers.map((worker): PoolWorker => {
    const member = { worker, failed: false };
    // Not waiting for work: an idle pool keeps no process alive (runOnWorkers holds it while busy).
    worker.unref();
    const fail = () => (member.failed = true);
    worker.on('error', fail);
    worker.on('exit', fail);
    return member;
  });
  let closed: Promise<void> | null = null;
  return { workers: members, close: () => (closed ??= Promise.all(workers.map((worker) => worker.terminate())).then(() => undefined)) };
}

/** One file, on whichever thread calls it. */
export function parseFile(job: ParseJob, renderHtml: ((tree: Root) => string) | null): ParseResult {
  const parsed = parseDocument(job.bytes);
  const html = renderHtml && parsed.problems.length === 0 && !parsed.facts.empty ? renderHtml(parsed.tree) : renderHtml ? '' : null;
  return { summary: summarize(parsed), html };
}

export async function parseFiles(jobs: readonly ParseJob[], options: ParsePoolOptions): Promise<ParseResult[]> {
  const threads = threadCount(jobs.length, options.threads);
  const pool = threads > 0 ? (options.pool ?? startParsePool(jobs.length, options.threads)) : null;
  const here = (index: number): ParseResult => {
    const job = jobs[index]!;
    const result = parseFile(job, options.html ? (tree) => options.renderHtml(tree, job.path) : null);
    options.onResult?.(index, result);
    return result;
  };
  if (!pool) {
    await options.pool?.close();
    return jobs.map((_job, index) => here(index));
  }
  let results: (ParseResult | undefined)[];
  try {
    results = await runOnWorkers(jobs, options.html, pool.workers, options.onResult);
  } finally {
    // Not awaited: the threads wind down on their own while this one goes on.
    void pool.close();
  }
  // What a worker could not finish (it ran out of memory on a huge file, or died) is done here.
  for (let i = 0; i < jobs.length; i++) results[i] ??= here(i);
  return results as ParseResult[];
}

/** The worker module beside this one, with this module's extension (.js compiled, .ts under tsx). */
function workerUrl(): URL {
  const extension = path.extname(fileURLToPath(import.meta.url));
  return new URL(`./parse-worker${extension}`, import.meta.url);
}

/**
 * A worker's heap is capped so a runaway file fails that worker, not the machine. The cap is not
 * small: V8 lets the heap grow between full collections by a factor that shrinks with the cap
 * (4 from 2 GB up, 1.3 at 128 MB). At 128 MB, workers parsing the 15,000-entry corpus ran about
 * three times as many full collections (43 against 13) for the same work, all of it CPU the two
 * cores needed for parsing. What a worker holds live is ~25 MB, so its heap stays near 100 MB.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 2048 };

function startWorker(): Worker {
  const url = workerUrl();
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits: WORKER_LIMITS });
  // Running from sources under tsx (the tests): on Node 20 tsx's hooks do not reach a worker
  // through execArgv, so the worker registers them before loading the TypeScript module.
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(url.href)});`, { eval: true, resourceLimits: WORKER_LIMITS });
}

/** Results by job; a hole where a worker failed before answering. */
async function runOnWorkers(
  jobs: readonly ParseJob[],
  html: HtmlContext | null,
  workers: readonly PoolWorker[],
  onResult: ParsePoolOptions['onResult'],
): Promise<(ParseResult | undefined)[]> {
  const results: (ParseResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  // Batches shrink towards the end, so that no worker is left with much to do while others idle.
  const nextBatch = (): { start: number; jobs: ParseJob[] } | null => {
    const remaining = jobs.length - next;
    if (remaining <= 0) return null;
    const size = Math.max(MIN_BATCH_SIZE, Math.min(BATCH_SIZE, Math.ceil(remaining / (workers.length * IN_FLIGHT * 2))));
    const start = next;
    next += size;
    return { start, jobs: jobs.slice(start, start + size) };
  };
  await Promise.all(
    workers.map(
      (member) =>
        new Promise<void>((resolve) => {
          const { worker } = member;
          let inFlight = 0;
          // A failed worker takes no more work; the others carry on, and the main thread does the
          // batches it held.
          const fail = () => {
            member.failed = true;
            finish();
          };
          const finish = () => {
            worker.off('message', receive);
            worker.off('error', fail);
            worker.off('exit', fail);
            worker.unref();
            resolve();
          };
          const send = () => {
            if (member.failed) return;
            const batch = nextBatch();
            if (batch) {
              inFlight++;
              worker.postMessage({ type: 'batch', id: batch.start, jobs: batch.jobs } satisfies WorkerRequest);
            } else if (inFlight === 0) finish();
          };
          const receive = (reply: WorkerReply) => {
            inFlight--;
            const start = reply.id;
            // The next batch first: the worker parses it while this thread takes in the results.
            send();
            reply.results.forEach((result, i) => {
              results[start + i] = result;
              onResult?.(start + i, result);
            });
          };
          if (member.failed) return resolve();
          worker.ref();
          worker.on('message', receive);
          worker.on('error', fail);
          worker.on('exit', fail);
          worker.postMessage({ type: 'context', basePath: html?.basePath ?? null, knownPaths: html?.knownPaths ?? [] } satisfies WorkerRequest);
          for (let i = 0; i < IN_FLIGHT; i++) send();
        }),
    ),
  );
  return results;
}

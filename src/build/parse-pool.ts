// Parses many content files, on worker threads when there are enough to pay for starting them.
// Each worker parses a file and, while its tree is at hand, renders the body's HTML, so trees
// never cross threads: only plain summaries and HTML strings come back.
import { availableParallelism } from 'node:os';
import { startModuleWorker } from '../module-worker.js';
import type { Worker } from 'node:worker_threads';
import type { Root } from 'mdast';
import { PackedSummary, type SummaryWithPackedPlaces } from '../parse/packed-places.js';
import { parsedWithoutErrors, parseDocument, summarize, type ParsedSummary } from '../parse/parse-document.js';

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
  | BatchRequest;

/**
 * Jobs as they cross to a worker: their bytes copied back to back into one buffer that is
 * transferred, not cloned (a clone copies each job's whole underlying buffer, and makes one
 * buffer on the other side for each).
 */
export interface BatchRequest {
  type: 'batch';
  id: number;
  paths: string[];
  /** Where each job's bytes end in `bytes`. */
  ends: number[];
  bytes: ArrayBuffer;
}

export interface WorkerReply {
  id: number;
  results: { summary: SummaryWithPackedPlaces; html: string | null }[];
}

export interface ParsePoolOptions {
  /** null: summaries only. */
  html: HtmlContext | null;
  /** In-process rendering for small jobs and for the main thread. */
  renderHtml: (tree: Root, sourcePath: string, data: Readonly<Record<string, unknown>>) => string;
  /** Worker threads to use, however few the files; default: none below WORKER_THRESHOLD files, else min(2, cores). 0 parses on this thread. */
  threads?: number | undefined;
  /** Workers started earlier (startParsePool), used instead of new ones and terminated after. */
  pool?: ParsePool | null | undefined;
  /** Hears each result as it arrives (in no particular order), while workers still parse others. */
  onResult?: ((index: number, result: ParseResult) => void) | undefined;
}

/**
 * Below this many files, starting workers costs more than it saves: at 500 and 1,500 entries of
 * the real corpus (~530 and ~1,600 Markdown files), a cold build with no threads took less wall
 * time, ~30% less CPU and ~60-90 MB less memory than with them (docs/benchmarks.md, "Where parse
 * workers pay"). `threads: N` starts workers whatever the count.
 */
export const WORKER_THRESHOLD = 2000;
const BATCH_SIZE = 40;
const MIN_BATCH_SIZE = 4;
/**
 * Batches a worker holds at once: it goes on parsing while its replies travel back, and while
 * this thread pauses (a full collection of a heap holding every result so far).
 */
const IN_FLIGHT = 3;
/**
 * Batches a worker may be handed ahead (offer) while this thread cannot take replies: about half
 * a second of parsing, what reading the rest of a large archive takes. More would fix the share
 * of each worker in advance, and one slowed down by other processes would finish last.
 */
const AHEAD = 12;

/** One file, on whichever thread calls it. */
export function parseFile(job: ParseJob, renderHtml: ((tree: Root, data: Readonly<Record<string, unknown>>) => string) | null): ParseResult {
  const parsed = parseDocument(job.bytes);
  const html = renderHtml && parsedWithoutErrors(parsed) && !parsed.facts.empty ? renderHtml(parsed.tree, parsed.data) : renderHtml ? '' : null;
  return { summary: summarize(parsed), html };
}

/**
 * Workers for `files` files. Unasked (threads undefined), none below WORKER_THRESHOLD files and
 * else min(2, cores); asked for a number, that many whatever the count (0: none), so that tests
 * and measurements exercise workers on small archives.
 */
function threadCount(files: number, threads: number | undefined): number {
  if (threads === undefined && files < WORKER_THRESHOLD) return 0;
  return Math.min(threads ?? Math.min(2, availableParallelism()), Math.ceil(files / BATCH_SIZE));
}

/**
 * Workers for parsing about `files` files, started now so that they load their code (a few
 * hundred ms of CPU each) while this thread still reads the files; null when so few files are
 * better parsed on this thread.
 */
export function startParsePool(files: number, threads?: number): ParsePool | null {
  const count = threadCount(files, threads);
  return count > 0 ? new ParsePool(Array.from({ length: count }, startWorker)) : null;
}

export async function parseFiles(jobs: readonly ParseJob[], options: ParsePoolOptions): Promise<ParseResult[]> {
  const threads = threadCount(jobs.length, options.threads);
  const pool = threads > 0 ? (options.pool ?? startParsePool(jobs.length, options.threads)) : null;
  const here = (index: number): ParseResult => {
    const job = jobs[index]!;
    const result = parseFile(job, options.html ? (tree, data) => options.renderHtml(tree, job.path, data) : null);
    options.onResult?.(index, result);
    return result;
  };
  if (!pool) {
    await options.pool?.close();
    return jobs.map((_job, index) => here(index));
  }
  let results: (ParseResult | undefined)[];
  try {
    results = await pool.run(jobs, options.html, options.onResult);
  } finally {
    // Not awaited: the threads wind down on their own while this one goes on.
    void pool.close();
  }
  // What a worker could not finish (it ran out of memory on a huge file, or died) is done here.
  for (let i = 0; i < jobs.length; i++) results[i] ??= here(i);
  return results as ParseResult[];
}

interface PoolWorker {
  worker: Worker;
  /** It failed or exited: it takes no more work, and what it held is done elsewhere. */
  failed: boolean;
  /** Batches posted to it and not answered yet. */
  batches: Set<number>;
}

interface Run {
  /** Takes in a batch's results. */
  accept(jobs: readonly ParseJob[], results: ParseResult[]): void;
  /** Something changed: a worker can take more, or failed. */
  update(): void;
}

/**
 * Parse workers that work through batches of jobs. Jobs may be handed over ahead (offer), before
 * anyone asks for them; run() then uses what was parsed ahead under the same HTML context for the
 * same bytes, and ignores the rest.
 */
export class ParsePool {
  readonly #members: PoolWorker[];
  /** Each posted batch's jobs, until answered. */
  readonly #posted = new Map<number, readonly ParseJob[]>();
  /** Answers that came while no run was going on. */
  readonly #answered: [readonly ParseJob[], ParseResult[]][] = [];
  /** Jobs offered but not posted yet. */
  #offered: ParseJob[] = [];
  #context: WorkerRequest | null = null;
  #nextId = 0;
  #run: Run | null = null;
  #closed: Promise<void> | null = null;

  constructor(workers: Worker[]) {
    this.#members = workers.map((worker) => {
      const member: PoolWorker = { worker, failed: false, batches: new Set() };
      // Not waiting for work: an idle pool keeps no process alive (run() holds it while busy).
      worker.unref();
      worker.on('message', (reply: WorkerReply) => this.#receive(member, reply));
      const fail = () => {
        if (member.failed) return;
        member.failed = true;
        for (const id of member.batches) this.#posted.delete(id);
        member.batches.clear();
        this.#run?.update();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      return member;
    });
  }

  /** The HTML context of the jobs offered next (null: summaries only). */
  setContext(html: HtmlContext | null): void {
    this.#send(contextRequest(html));
  }

  /** A job parsed ahead, under the last context set, if a worker has room for it. */
  offer(job: ParseJob): void {
    if (this.#context === null) return;
    this.#offered.push(job);
    if (this.#offered.length < BATCH_SIZE) return;
    const member = this.#leastBusy();
    if (member && member.batches.size < AHEAD) this.#post(member, this.#offered);
    this.#offered = [];
  }

  /** Results by job; a hole where a worker failed before answering. */
  run(jobs: readonly ParseJob[], html: HtmlContext | null, onResult?: (index: number, result: ParseResult) => void): Promise<(ParseResult | undefined)[]> {
    const results: (ParseResult | undefined)[] = new Array(jobs.length);
    const indexOf = new Map(jobs.map((job, index) => [job.path, index]));
    /** Jobs that a posted batch of this run, or one posted ahead, will answer. */
    const covered = new Set<number>();
    const context = contextRequest(html);
    if (!this.#context || !sameContext(this.#context, context)) {
      // Anything parsed ahead assumed another context: its answers are ignored from here on.
      this.#posted.clear();
      this.#answered.length = 0;
      this.#send(context);
    }
    this.#offered = [];
    const matching = (job: ParseJob): number | undefined => {
      const index = indexOf.get(job.path);
      return index !== undefined && jobs[index]!.bytes === job.bytes ? index : undefined;
    };
    for (const batch of this.#posted.values()) {
      for (const job of batch) {
        const index = matching(job);
        if (index !== undefined) covered.add(index);
      }
    }
    const queue = jobs.map((_job, index) => index).filter((index) => !covered.has(index));
    let next = 0;
    // Batches shrink towards the end, so that no worker is left with much to do while others idle.
    const nextBatch = (): ParseJob[] | null => {
      const remaining = queue.length - next;
      if (remaining <= 0) return null;
      const size = Math.max(MIN_BATCH_SIZE, Math.min(BATCH_SIZE, Math.ceil(remaining / (this.#members.length * IN_FLIGHT * 2))));
      const batch = queue.slice(next, next + size).map((index) => jobs[index]!);
      next += size;
      return batch;
    };
    return new Promise((resolve) => {
      const run: Run = {
        accept: (batch, answers) => {
          answers.forEach((result, i) => {
            const index = matching(batch[i]!);
            if (index === undefined || results[index] !== undefined) return;
            results[index] = result;
            onResult?.(index, result);
          });
        },
        update: () => {
          for (const member of this.#members) {
            if (member.failed) continue;
            while (member.batches.size < IN_FLIGHT) {
              const batch = nextBatch();
              if (!batch) break;
              this.#post(member, batch);
            }
          }
          if (this.#members.every((member) => member.failed || member.batches.size === 0)) {
            this.#run = null;
            for (const member of this.#members) member.worker.unref();
            resolve(results);
          }
        },
      };
      this.#run = run;
      for (const member of this.#members) member.worker.ref();
      for (const [batch, answers] of this.#answered.splice(0)) run.accept(batch, answers);
      run.update();
    });
  }

  /** Terminates the workers. Safe to call again. */
  close(): Promise<void> {
    return (this.#closed ??= Promise.all(this.#members.map((member) => member.worker.terminate())).then(() => undefined));
  }

  #send(context: WorkerRequest): void {
    this.#context = context;
    for (const member of this.#members) if (!member.failed) member.worker.postMessage(context);
  }

  #post(member: PoolWorker, jobs: readonly ParseJob[]): void {
    const id = this.#nextId++;
    this.#posted.set(id, jobs);
    member.batches.add(id);
    const request = batchRequest(id, jobs);
    member.worker.postMessage(request, [request.bytes]);
  }

  #leastBusy(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const member of this.#members) if (!member.failed && (!best || member.batches.size < best.batches.size)) best = member;
    return best;
  }

  #receive(member: PoolWorker, reply: WorkerReply): void {
    member.batches.delete(reply.id);
    const jobs = this.#posted.get(reply.id);
    this.#posted.delete(reply.id);
    if (jobs) {
      const results = reply.results.map(({ summary, html }) => ({ summary: new PackedSummary(summary), html }));
      if (this.#run) this.#run.accept(jobs, results);
      else this.#answered.push([jobs, results]);
    }
    this.#run?.update();
  }
}

function batchRequest(id: number, jobs: readonly ParseJob[]): BatchRequest {
  let total = 0;
  for (const job of jobs) total += job.bytes.byteLength;
  // Not zero-filled: every byte is written below.
  const bytes = Buffer.allocUnsafeSlow(total);
  const ends: number[] = [];
  let end = 0;
  for (const job of jobs) {
    bytes.set(job.bytes, end);
    end += job.bytes.byteLength;
    ends.push(end);
  }
  return { type: 'batch', id, paths: jobs.map((job) => job.path), ends, bytes: bytes.buffer };
}

/** The jobs of a batch, as a worker receives it. */
export function batchJobs(request: BatchRequest): ParseJob[] {
  return request.paths.map((jobPath, index) => {
    const start = index === 0 ? 0 : request.ends[index - 1]!;
    return { path: jobPath, bytes: new Uint8Array(request.bytes, start, request.ends[index]! - start) };
  });
}

function contextRequest(html: HtmlContext | null): WorkerRequest {
  return { type: 'context', basePath: html?.basePath ?? null, knownPaths: html?.knownPaths ?? [] };
}

function sameContext(a: WorkerRequest, b: WorkerRequest): boolean {
  if (a.type !== 'context' || b.type !== 'context' || a.basePath !== b.basePath || a.knownPaths.length !== b.knownPaths.length) return false;
  return a.knownPaths.every((known, index) => known === b.knownPaths[index]);
}


/**
 * A worker's heap is capped so a runaway file fails that worker, not the machine. The cap is not
 * small: V8 lets the heap grow between full collections by a factor that shrinks with the cap
 * (4 from 2 GB up, 1.3 at 128 MB). At 128 MB, workers parsing the 15,000-entry corpus ran about
 * three times as many full collections (43 against 13) for the same work, all of it CPU the two
 * cores needed for parsing. What a worker holds live is ~25 MB, so its heap stays near 100 MB.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 2048 };

const startWorker = (): Worker => startModuleWorker('parse-worker', import.meta.url, WORKER_LIMITS);

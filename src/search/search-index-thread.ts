// Builds the search index off the main thread. The index is made from the whole archive's text
// (seconds of work at 15,000 entries); on a worker thread it costs the main thread only the copy
// of that text, so a build renders pages meanwhile and digest dev answers the next edit. The
// worker writes the files itself, to a staging folder beside the output folder (as OutputStage
// does), so they never sit in the main thread's memory.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startModuleWorker } from '../module-worker.js';
import type { Worker } from 'node:worker_threads';
import type { OutputFile } from '../render/output-file.js';
import type { OutputRecord } from '../write/output-record.js';
import type { StagedFile } from '../write/stage-writer.js';
import { SEARCH_INDEX_DIR, searchIndexFiles, type IndexPart, type SearchDocuments } from './search-index.js';

/**
 * Below this many entries a thread costs more than it saves: at 500 and 1,500 entries of the real
 * corpus, a cold build with no threads at all took less wall time, ~30% less CPU and ~60-90 MB
 * less memory than one with them (docs/benchmarks.md, "Where parse workers pay").
 */
export const INDEX_THREAD_THRESHOLD = 2000;

export interface SearchIndexOptions {
  /** Use a worker thread (when the archive is large enough). */
  thread: boolean;
  /** With `thread`: a worker thread however small the archive (tests, measurements). */
  forceThread?: boolean | undefined;
  /** Work nobody waits on: its thread does not keep the process alive. */
  background?: boolean | undefined;
  /** The output folder the files are for, and what the last write recorded of it. */
  outDir: string;
  previous: ReadonlyMap<string, OutputRecord> | null;
  /**
   * The staging folder of the build's pages (OutputStage.dir), to stage the index files in
   * beside them; its owner removes it. Without it the job stages in a folder of its own.
   */
  stageDir?: string | undefined;
  /** Hash and stat each file, for a build that keeps output records (default true). */
  record?: boolean | undefined;
  /** Make only these parts, and no meta.json (see emitSearchIndex); default: the whole index. */
  parts?: readonly IndexPart[] | undefined;
}

export interface SearchIndexResult {
  /** Index files to write: their bytes, or staged. */
  files: (OutputFile | StagedFile)[];
  /** Index files that came out as the output folder has them (as recorded): nothing to write. */
  unchanged: string[];
}

export interface SearchIndexJob {
  /** null when the job was disposed of first. */
  result: Promise<SearchIndexResult | null>;
  /** Stops the work if it still runs (`result` resolves to null), and removes what it staged and was not moved into place. */
  dispose(): Promise<void>;
}

/** What the worker is sent, and what it answers. */
export interface IndexRequest {
  documents: SearchDocuments;
  parts: readonly IndexPart[] | undefined;
  stageDir: string;
  outDir: string;
  previous: (OutputRecord & { path: string })[];
  record: boolean;
}

export interface IndexReply {
  files: StagedFile[];
  unchanged: string[];
}

let jobs = 0;

/**
 * Starts making the index of the documents `makeDocuments` returns: on a worker thread when asked
 * and the archive is large enough, else on this thread, after the current task. A worker that
 * fails (out of memory, or killed) is replaced by this thread, which makes the documents again:
 * they are not kept meanwhile (the archive's text, ~45 MB at 15,000 entries, would sit on this
 * thread's heap for nothing while the worker holds its own copy).
 */
export function startSearchIndex(makeDocuments: () => SearchDocuments, options: SearchIndexOptions): SearchIndexJob {
  const documents = makeDocuments();
  // The entries whose texts the parts asked for are made of: a few for a weekly publish.
  const texts = options.parts ? documents.records.reduce((count, record) => (record ? count + 1 : count), 0) : documents.docCount;
  return options.thread && (options.forceThread || texts >= INDEX_THREAD_THRESHOLD) ? onWorker(documents, makeDocuments, options) : onThisThread(documents, options.parts);
}

function onThisThread(documents: SearchDocuments, parts: readonly IndexPart[] | undefined): SearchIndexJob {
  let cancelled = false;
  const result = new Promise<SearchIndexResult | null>((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(cancelled ? null : { files: searchIndexFiles(documents, parts), unchanged: [] });
      } catch (error) {
        reject(error);
      }
    }),
  );
  return { result, dispose: async () => void (cancelled = true) };
}

/** `documents` is posted and not kept: no closure here may refer to it. */
function onWorker(documents: SearchDocuments, makeDocuments: () => SearchDocuments, options: SearchIndexOptions): SearchIndexJob {
  let cancelled = false;
  const ownStage = options.stageDir === undefined;
  const stageDir = options.stageDir ?? `${path.resolve(options.outDir)}.tmp-${process.pid}-index-${++jobs}`;
  const previous = [...(options.previous ?? [])].filter(([file]) => file.startsWith(SEARCH_INDEX_DIR)).map(([file, record]) => ({ path: file, ...record }));
  const worker = startWorker();
  if (options.background) worker.unref();
  const result = new Promise<SearchIndexResult | null>((resolve, reject) => {
    let answered = false;
    worker.once('message', (reply: IndexReply) => {
      answered = true;
      resolve(reply);
      void worker.terminate();
    });
    const failed = () => {
      if (answered) return;
      answered = true;
      try {
        resolve(cancelled ? null : { files: searchIndexFiles(makeDocuments(), options.parts), unchanged: [] });
      } catch (error) {
        reject(error);
      }
    };
    worker.once('error', failed);
    worker.once('exit', failed);
  });
  worker.postMessage({ documents, parts: options.parts, stageDir, outDir: path.resolve(options.outDir), previous, record: options.record ?? true } satisfies IndexRequest);
  return {
    result,
    async dispose() {
      cancelled = true;
      await worker.terminate();
      if (ownStage) await rm(stageDir, { recursive: true, force: true });
    },
  };
}

/**
 * The worker's live data is the archive's text and the postings (~100 MB at 15,000 entries), and
 * it runs while the main thread renders: a small young generation keeps the garbage beside them
 * small too (~25 MB less at that size, for no measurable time).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

const startWorker = (): Worker => startModuleWorker('search-index-worker', import.meta.url, WORKER_LIMITS);

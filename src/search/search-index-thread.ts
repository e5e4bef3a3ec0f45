// Builds the search index off the main thread. The index is made from the whole archive's text
// (seconds of work at 15,000 entries); on a worker thread it costs the main thread only the copy
// of that text, so a build renders pages meanwhile and digest dev answers the next edit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { searchIndexFiles, type IndexFile, type SearchDocuments } from './search-index.js';

/** Below this many entries the index takes milliseconds: starting a thread would cost more. */
export const INDEX_THREAD_THRESHOLD = 300;

export interface SearchIndexJob {
  /** The index files; null when the job was cancelled first. */
  files: Promise<IndexFile[] | null>;
  /** Stops the work (a newer build made it useless): `files` resolves to null. */
  cancel(): void;
}

export interface SearchIndexOptions {
  /** Use a worker thread (when the archive is large enough). */
  thread: boolean;
  /** Work nobody waits on: its thread does not keep the process alive. */
  background?: boolean | undefined;
}

/**
 * Starts making the index of `documents`: on a worker thread when asked and the archive is large
 * enough, else on this thread, after the current task. A worker that fails (out of memory, or
 * killed) is replaced by this thread.
 */
export function startSearchIndex(documents: SearchDocuments, options: SearchIndexOptions): SearchIndexJob {
  let cancelled = false;
  if (!options.thread || documents.records.length < INDEX_THREAD_THRESHOLD) {
    const files = new Promise<IndexFile[] | null>((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(cancelled ? null : searchIndexFiles(documents));
        } catch (error) {
          reject(error);
        }
      }),
    );
    return { files, cancel: () => (cancelled = true) };
  }
  const worker = startWorker();
  if (options.background) worker.unref();
  const files = new Promise<IndexFile[] | null>((resolve, reject) => {
    let answered = false;
    worker.once('message', (files: IndexFile[]) => {
      answered = true;
      resolve(files);
      void worker.terminate();
    });
    const failed = () => {
      if (answered) return;
      answered = true;
      if (cancelled) return resolve(null);
      try {
        resolve(searchIndexFiles(documents));
      } catch (error) {
        reject(error);
      }
    };
    worker.once('error', failed);
    worker.once('exit', failed);
  });
  worker.postMessage(documents);
  return {
    files,
    cancel() {
      cancelled = true;
      void worker.terminate();
    },
  };
}

/** The worker module beside this one, with this module's extension (.js compiled, .ts under tsx). */
function startWorker(): Worker {
  const url = new URL(`./search-index-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // Under tsx (the tests) a worker does not inherit tsx's hooks on Node 20: it registers them.
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(url.href)});`, { eval: true });
}

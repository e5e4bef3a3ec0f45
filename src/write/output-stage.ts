// Where rendered pages wait until every page is rendered (a build that fails writes nothing): in
// a staging folder beside the output folder, each at its own path, written as it is rendered, so
// an archive's pages never sit in memory at once. A large build writes them on a worker thread:
// the main thread only hands each page over and renders the next; a build with a few pages to
// render holds them in memory. writeOutput moves the staged files into place, or makes the
// staging folder the output folder; discard() removes what is left.
import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { startModuleWorker } from '../module-worker.js';
import type { Worker } from 'node:worker_threads';
import { StageWriter, type StagedFile, type StageFailure, type StageFile } from './stage-writer.js';
import { scratchDir } from './scratch-dirs.js';
import { isSystemCode, OutputWriteError } from './system-error.js';
import { UnsafeOutputError } from './unsafe-output.js';
import type { OutputFile } from './write-output.js';

/** What the main thread sends the stage's worker: the folder first, then files, then the end. */
export type StageMessage = { dir: string; record: boolean } | { files: StageFile[] } | { end: true };

/**
 * Pages handed over in one message: a message costs the main thread more than a page's bytes
 * do, and a few pages wait in memory for it no longer than it takes to render them.
 */
const PAGES_PER_MESSAGE = 16;

export interface StageReply {
  files: StagedFile[];
  failure: StageFailure | null;
}

export interface OutputStageOptions {
  /** Hash and stat each file, for a build that keeps output records. */
  record: boolean;
  /** Write on a worker thread (many pages to render). */
  thread: boolean;
  /**
   * Hold the files in memory instead (a few pages to render, as after an edit in digest dev):
   * writeOutput then writes each once, where staging would write it twice.
   */
  memory?: boolean | undefined;
}

export class OutputStage {
  /** The staging folder: beside the output folder, so a rename moves a file into place. */
  readonly dir: string;
  readonly #outDir: string;
  /** The nearest folder above the output folder that existed: any made below it, for the stage, go with it. */
  readonly #existing: string;
  #writer: StageWriter | null = null;
  #held: OutputFile[] | null = null;
  #worker: Worker | null = null;
  /** The worker's answer, once told the last file was sent; rejected when the worker stops first. */
  #reply: Promise<StageReply> | null = null;
  readonly #stagedHere: StagedFile[] = [];
  /** Files not yet sent to the worker, and the buffers of their bytes that go with them. */
  #batch: StageFile[] = [];
  #transfer: ArrayBuffer[] = [];

  constructor(outDir: string, options: OutputStageOptions) {
    this.#outDir = path.resolve(outDir);
    this.dir = scratchDir(this.#outDir);
    let existing = path.dirname(this.dir);
    while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    this.#existing = existing;
    if (options.memory) {
      this.#held = [];
      return;
    }
    if (!options.thread) {
      this.#writer = new StageWriter(this.dir, options.record);
      return;
    }
    const worker = startWorker();
    this.#worker = worker;
    this.#reply = new Promise<StageReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (error) => reject(new Error(`the output stage stopped: ${error.message}`)));
      worker.once('exit', (code) => reject(new Error(`the output stage stopped (exit code ${code})`)));
    });
    // Reported by files(); a stage discarded before (a failed build) has nothing to report.
    this.#reply.catch(() => undefined);
    worker.postMessage({ dir: this.dir, record: options.record } satisfies StageMessage);
  }

  /**
   * Stages a file (never throws: a failure is reported by files()). `handedOver`: its bytes are
   * the stage's from now on (a page's bytes made for it), and may be moved to the worker.
   */
  add(file: OutputFile, handedOver = false): void {
    if (this.#held) {
      this.#held.push(file);
      return;
    }
    if (this.#worker) {
      // A page goes as UTF-8 bytes in a buffer of its own, moved to the worker, not copied: a
      // string would be copied twice its length (most of a Chinese page is two-byte characters).
      const contents = typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents;
      this.#batch.push({ path: file.path, contents });
      // A small page's bytes may be a slice of Buffer's shared pool: those are copied.
      const own = contents.byteOffset === 0 && contents.byteLength === contents.buffer.byteLength;
      if ((typeof file.contents === 'string' || handedOver) && own) this.#transfer.push(contents.buffer as ArrayBuffer);
      if (this.#batch.length >= PAGES_PER_MESSAGE) this.#send();
      return;
    }
    const staged = this.#writer!.write(file);
    if (staged) this.#stagedHere.push(staged);
  }

  /** Every file staged, once written (or held); rejects when one could not be. Call once, after the last add(). */
  async files(): Promise<(StagedFile | OutputFile)[]> {
    if (this.#held) return this.#held;
    let reply: StageReply;
    if (this.#worker) {
      this.#send();
      this.#worker.postMessage({ end: true } satisfies StageMessage);
      reply = await this.#reply!;
      await this.#worker.terminate();
    } else {
      reply = { files: this.#stagedHere, failure: this.#writer!.failure };
    }
    const failure = reply.failure;
    if (failure?.creatingFolder) throw new UnsafeOutputError(`cannot create the output folder ${this.#outDir}: ${failure.reason ?? failure.code}; choose another --out`);
    if (failure?.code === 'OUTSIDE') throw new UnsafeOutputError(failure.message);
    if (failure && isSystemCode(failure.code)) throw new OutputWriteError(`cannot write ${failure.path}: ${failure.reason}; the output folder is as it was`);
    if (failure) throw Object.assign(new Error(`cannot write the output: ${failure.message}`), { code: failure.code });
    return reply.files;
  }

  #send(): void {
    if (this.#batch.length === 0) return;
    this.#worker!.postMessage({ files: this.#batch } satisfies StageMessage, this.#transfer);
    this.#batch = [];
    this.#transfer = [];
  }

  /** Stops the writing and removes the staging folder (what writeOutput left of it), and any folder made for it only. */
  async discard(): Promise<void> {
    await this.#worker?.terminate();
    await rm(this.dir, { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
      // A file where a folder above should be: there is no staging folder.
      if (error.code !== 'ENOTDIR') throw error;
    });
    for (let dir = path.dirname(this.dir); dir !== this.#existing && dir.startsWith(this.#existing); dir = path.dirname(dir)) {
      // Not empty (the output folder is in it): in use, and so is every folder above.
      if (!(await rmdir(dir).then(() => true, () => false))) break;
    }
  }
}

/** Its live data is one page at a time: a small young generation keeps its garbage small too. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

const startWorker = (): Worker => startModuleWorker('output-stage-worker', import.meta.url, WORKER_LIMITS);

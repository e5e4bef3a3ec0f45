// The search index worker: SearchDocuments in; each index file, as soon as it is made, written
// into a staging folder at its own path for writeOutput to move into place, unless it came out
// as the output folder already has it. Only the list of files goes back: the main thread never
// holds the index, and this thread holds it only until it is written.
import { createHash } from 'node:crypto';
import { onDiskAsRecorded } from '../write/on-disk.js';
import { parentPort } from 'node:worker_threads';
import { StageWriter, type StagedFile } from '../write/stage-writer.js';
import { emitSearchIndex } from './search-index.js';
import type { IndexReply, IndexRequest } from './search-index-thread.js';

if (!parentPort) throw new Error('search-index-worker.ts runs only as a worker thread');
const port = parentPort;

port.once('message', ({ documents, parts, stageDir, outDir, previous, record }: IndexRequest) => {
  const recorded = new Map(previous.map((entry) => [entry.path, entry]));
  const writer = new StageWriter(stageDir, record);
  const files: StagedFile[] = [];
  const unchanged: string[] = [];
  emitSearchIndex(documents, (file) => {
    const entry = recorded.get(file.path);
    // Hashed to compare with the record, for the record kept, and for meta.json's version.
    const hash = createHash('sha1').update(file.contents).digest('hex');
    if (entry && entry.hash === hash) {
      if (onDiskAsRecorded(outDir, file.path, entry)) {
        unchanged.push(file.path);
        return;
      }
    }
    const staged = writer.write(file, hash);
    if (!staged) throw new Error(`cannot stage ${file.path}: ${writer.failure?.message ?? 'unknown error'}`);
    files.push(staged);
  }, { consumed: true, parts });
  port.postMessage({ files, unchanged } satisfies IndexReply);
  // The thread ends here, and its heap (the archive's text, ~60 MB at 15,000 entries) goes with
  // it: the main thread, busy rendering pages, would end it only when it reads the reply.
  process.exit(0);
});

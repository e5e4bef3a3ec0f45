// The search index worker: SearchDocuments in; each index file, as soon as it is made, written
// to a staging file for writeOutput to move into place, unless it came out as the output
// folder already has it. Only the list of files goes back: the main thread never holds the
// index, and this thread holds it only until it is written.
import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { StagedFile } from '../write/write-output.js';
import { emitSearchIndex } from './search-index.js';
import type { IndexReply, IndexRequest } from './search-index-thread.js';

if (!parentPort) throw new Error('search-index-worker.ts runs only as a worker thread');
const port = parentPort;

port.once('message', ({ documents, stageDir, outDir, previous }: IndexRequest) => {
  const recorded = new Map(previous.map((record) => [record.path, record]));
  mkdirSync(stageDir, { recursive: true });
  const files: StagedFile[] = [];
  const unchanged: string[] = [];
  emitSearchIndex(documents, (file) => {
    const hash = createHash('sha1').update(file.contents).digest('hex');
    const record = recorded.get(file.path);
    if (record?.hash === hash) {
      const onDisk = statSync(path.join(outDir, file.path), { throwIfNoEntry: false });
      if (onDisk?.isFile() && onDisk.size === record.size && onDisk.mtimeMs === record.mtimeMs) {
        unchanged.push(file.path);
        return;
      }
    }
    const staged = path.join(stageDir, String(files.length));
    writeFileSync(staged, file.contents);
    files.push({ path: file.path, staged, hash, size: file.contents.byteLength });
  });
  port.postMessage({ files, unchanged } satisfies IndexReply);
});

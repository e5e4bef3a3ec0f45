// The search index worker: SearchDocuments in, index files out, their buffers transferred (not
// copied) back. Runs searchIndexFiles, nothing else.
import { parentPort } from 'node:worker_threads';
import { searchIndexFiles, type SearchDocuments } from './search-index.js';

if (!parentPort) throw new Error('search-index-worker.ts runs only as a worker thread');
const port = parentPort;

port.once('message', (documents: SearchDocuments) => {
  const files = searchIndexFiles(documents);
  // The shards are views of one buffer: each buffer is listed once.
  port.postMessage(files, [...new Set(files.map((file) => file.contents.buffer as ArrayBuffer))]);
});

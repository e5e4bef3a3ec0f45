// The output stage's worker: each rendered page, as it arrives, written into the staging folder
// (see stage-writer.ts), so the main thread renders the next page meanwhile. Only the list of
// staged files goes back, when the main thread says the last page was sent.
import { parentPort } from 'node:worker_threads';
import { StageWriter, type StageFile } from './stage-writer.js';
import type { StageMessage, StageReply } from './output-stage.js';

if (!parentPort) throw new Error('output-stage-worker.ts runs only as a worker thread');
const port = parentPort;

let writer: StageWriter | null = null;
const staged: StageReply['files'] = [];
port.on('message', (message: StageMessage) => {
  if ('dir' in message) {
    writer = new StageWriter(message.dir, message.record);
  } else if ('file' in message) {
    const file = writer!.write(message.file as StageFile);
    if (file) staged.push(file);
  } else {
    port.postMessage({ files: staged, failure: writer?.failure ?? null } satisfies StageReply);
  }
});

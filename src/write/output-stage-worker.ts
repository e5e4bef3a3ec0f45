// The output stage's worker: rendered pages, as they arrive, written into the staging folder
// (see stage-writer.ts), so the main thread renders the next page meanwhile. Only the list of
// staged files goes back, when the main thread says the last page was sent.
import { parentPort } from 'node:worker_threads';
import { StageWriter } from './stage-writer.js';
import type { StageMessage, StageReply } from './output-stage.js';

if (!parentPort) throw new Error('output-stage-worker.ts runs only as a worker thread');
const port = parentPort;

let writer: StageWriter | null = null;
const staged: StageReply['files'] = [];
port.on('message', (message: StageMessage) => {
  if ('dir' in message) {
    writer = new StageWriter(message.dir, message.record);
  } else if ('files' in message) {
    for (const file of message.files) {
      const written = writer!.write(file);
      if (written) staged.push(written);
    }
  } else {
    port.postMessage({ files: staged, failure: writer?.failure ?? null } satisfies StageReply);
  }
});

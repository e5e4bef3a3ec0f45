// A parse worker: content files in, plain parse results out (ParsedSummary, and the body's HTML
// when the build knows its base path and content files). Runs parseDocument, nothing else.
// The general parsers (remark, gray-matter) are loaded only if a file needs them: the fast
// paths read most archives whole, and loading them would cost each worker ~0.1 s.
import { parentPort } from 'node:worker_threads';
import { bodyHeadingOffset, renderOwnedMarkdown } from '../render/entry-html.js';
import type { WorkerReply, WorkerRequest } from './parse-pool.js';
import { withPackedPlaces } from '../parse/packed-places.js';
import { batchJobs, parseFile } from './parse-pool.js';

if (!parentPort) throw new Error('parse-worker.ts runs only as a worker thread');
const port = parentPort;
let exists: (path: string) => boolean = () => false;
let basePath: string | null = null;

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'context') {
    const known = new Set(request.knownPaths);
    exists = (path) => known.has(path);
    basePath = request.basePath;
    return;
  }
  const results = batchJobs(request).map((job) => {
    const { summary, html } = parseFile(job, basePath === null ? null : (tree, data) => renderOwnedMarkdown(tree, { sourcePath: job.path, headingOffset: bodyHeadingOffset(job.path, data['section']), basePath: basePath!, exists }));
    return { summary: withPackedPlaces(summary), html };
  });
  const reply: WorkerReply = { id: request.id, results };
  port.postMessage(reply);
});

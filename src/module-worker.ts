// A worker thread running a module that sits beside its caller. Compiled, that module is a .js
// file; under tsx (the tests) it is TypeScript, and on Node 20 tsx's hooks do not reach a worker
// through execArgv, so the worker registers them before loading the module.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** name: the module's file name without extension; near: the caller's import.meta.url. */
export function startModuleWorker(name: string, near: string, resourceLimits: ResourceLimits): Worker {
  const url = new URL(`./${name}${path.extname(fileURLToPath(near))}`, near);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(url.href)});`, { eval: true, resourceLimits });
}

// What a one-off build needs to know that it has nothing to do: the key of everything the last
// successful one-off build was made from, how many pages it had and the messages it reported. A
// build that finds the same key, and that build's output still on disk as written, only repeats
// those messages, as make says "up to date" and a build cache replays its logs.
import { createHash } from 'node:crypto';
import { VFile } from 'vfile';
import { report, type Severity } from '../diagnostics.js';
import type { RuleId } from '../rule-catalogue.js';

export interface LastRun {
  /** runKey() of the build. */
  key: string;
  pages: number;
  messages: StoredMessage[];
}

export interface StoredMessage {
  path: string;
  severity: Severity;
  reason: string;
  ruleId: RuleId;
  line: number;
  column: number;
}

export interface RunInputs {
  /** Tool, site.yml, base URL, drafts and dev script (build.ts's `global`). */
  global: string;
  outDir: string;
  /** Template name -> source, the site's and the built-in ones. */
  templates: ReadonlyMap<string, string>;
  /** Static files copied into the output (public/), path -> bytes. */
  publicFiles: readonly { path: string; contents: string | Uint8Array }[];
  /** Every content file but site.yml -> sha1 of its bytes, in path order. */
  contentHashes: Iterable<readonly [string, string]>;
}

/** Hash of everything a build's output and messages are made from. */
export function runKey(inputs: RunInputs): string {
  const hash = createHash('sha1').update(JSON.stringify([inputs.global, inputs.outDir, [...inputs.templates]]));
  for (const file of inputs.publicFiles) hash.update(`\u0003${file.path}\u0002`).update(file.contents);
  for (const [contentPath, contentHash] of inputs.contentHashes) hash.update(`\u0001${contentPath}\u0002${contentHash}`);
  return hash.digest('hex');
}

/** The messages of a build's files, to be reported again by a build that finds nothing changed. */
export function storeMessages(files: readonly VFile[]): StoredMessage[] {
  return files.flatMap((file) =>
    file.messages.map((message) => ({
      path: file.path,
      severity: message.fatal === true ? 'error' : 'warning',
      reason: message.reason,
      ruleId: message.ruleId as RuleId,
      line: message.line ?? 1,
      column: message.column ?? 1,
    })),
  );
}

/** Files carrying the stored messages again, as the build that stored them reported them. */
export function replayMessages(root: string, messages: readonly StoredMessage[]): VFile[] {
  const files = new Map<string, VFile>();
  for (const message of messages) {
    let file = files.get(message.path);
    if (!file) {
      file = new VFile({ path: message.path, cwd: root });
      files.set(message.path, file);
    }
    report(file, message.severity, message.reason, message.ruleId, { line: message.line, column: message.column });
  }
  return [...files.values()];
}

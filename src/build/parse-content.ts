// All content files -> ContentFile[] (file + parse result), reusing what an earlier build parsed
// and rendered: a file whose bytes are known is not parsed again, and its body's HTML is kept
// under a key of everything it is made from. The rest goes to parse workers, which render the
// HTML while they hold the tree.
import { hash } from 'node:crypto';
import type { VFile } from 'vfile';
import type { LoadedContent } from '../load/load-content.js';
import type { StoredHtml } from '../cache/build-cache.js';
import { bodyHeadingOffset, renderOwnedMarkdown } from '../render/entry-html.js';
import { htmlKey } from '../render/html-key.js';
import { classifyContentPath } from '../parse/classify.js';
import { linkTargetPaths } from '../parse/link-target.js';
import type { ContentFile } from '../parse/content-file.js';
import { parsedWithoutErrors, withLazyTree, type ParsedSummary } from '../parse/parse-document.js';
import { parseFiles, type ParseJob, type ParsePool } from './parse-pool.js';
import { loadParsers } from '../parse/parsers.js';

export interface ParseContentOptions {
  files: readonly VFile[];
  /** null when site.yml is broken: no HTML can be made without the base path. */
  basePath: string | null;
  /** Parse results by content hash, from earlier builds; updated in place. */
  documents: Map<string, ParsedSummary>;
  /** Body HTML by html key, from earlier builds; updated in place. */
  html: Map<string, StoredHtml>;
  threads?: number | undefined;
  /** Parse workers started ahead (startParsePool); used or terminated here. */
  pool?: ParsePool | null | undefined;
  /** Content hashes known without reading the bytes (the file's stat matched an earlier build's). */
  knownHash?: ((path: string) => string | undefined) | undefined;
  /** A long-lived builder's results of its last run, reused for files it hands again unchanged; updated here. */
  memo?: ParseMemo | undefined;
  /** The content `files` came from (a reload names what it read again). */
  loaded?: LoadedContent | undefined;
}

/**
 * What a long-lived builder's last run made, for its next run: when that run's content is a reload
 * of the content the last run read, the result is the last one with only the files the reload
 * read again (and those linking to files added or removed) looked at, so a dev rebuild does
 * per-file work for the edited files alone.
 */
export interface ParseMemo {
  /** Each Markdown file's hash, HTML key, summary and content record in the last run. */
  byPath: Map<string, { hash: string; key: string | null; summary: ParsedSummary; content: ContentFile }>;
  /** The content, base path and result of the last run. */
  from: LoadedContent | null;
  basePath: string | null;
  last: ParsedContent | null;
  /** The index of each path in the last run's contents; null until a run needs it. */
  indexOf: Map<string, number> | null;
  /** The Markdown files that link to other content files, and the paths they lead to. */
  linking: Map<string, readonly string[]>;
}

export const emptyParseMemo = (): ParseMemo => ({ byPath: new Map(), from: null, basePath: null, last: null, indexOf: null, linking: new Map() });

/** A long-lived builder prunes the caches' forgotten results once this many have gathered, not on every edit. */
const PRUNE_SLACK = 256;

export interface ParsedContent {
  contents: ContentFile[];
  /** The path of every content file (not only Markdown). */
  paths: ReadonlySet<string>;
  /** Content hash by file path (in the files' order, after a cold parse). */
  hashes: Map<string, string>;
  /** HTML key by file path, for Markdown files whose HTML a page may show. */
  htmlKeys: Map<string, string>;
  /** Summary by file path. */
  summaries: Map<string, ParsedSummary>;
  /**
   * The paths whose hash is not the one `before` has (added, removed or edited), when `before` is
   * the hashes of the run this result was patched from; else null (then compare the maps).
   */
  changedSince(before: ReadonlyMap<string, string>): string[] | null;
  /** Files parsed in this run (the others were known). */
  parsed: number;
  /** Bodies rendered to HTML in this run. */
  rendered: number;
}

// A long-lived builder hands the same bytes again for files that did not change: hash them once.
const hashOfBytes = new WeakMap<Uint8Array, string>();

function contentHash(bytes: Uint8Array): string {
  let known = hashOfBytes.get(bytes);
  if (known === undefined) {
    known = hash('sha1', bytes);
    hashOfBytes.set(bytes, known);
  }
  return known;
}

export async function parseContent(options: ParseContentOptions): Promise<ParsedContent> {
  const { documents, html, basePath, memo } = options;
  const reload = options.loaded?.reloadOf;
  const last = memo?.last && reload && reload.loaded === memo.from && memo.basePath === basePath ? memo.last : null;
  // The content paths there are, and the files to look at: after a reload of the last run's
  // content, those read again and those whose links lead to a file added or removed.
  let known: ReadonlySet<string>;
  let todo: readonly VFile[];
  let flipped: ReadonlySet<string> = new Set();
  if (last && memo && reload) {
    flipped = new Set([...reload.added, ...reload.removed]);
    if (flipped.size === 0) known = last.paths;
    else {
      const paths = new Set(last.paths);
      for (const filePath of reload.removed) paths.delete(filePath);
      for (const filePath of reload.added) paths.add(filePath);
      known = paths;
    }
    const paths = new Set([...reload.reread.keys()].filter((filePath) => known.has(filePath)));
    if (flipped.size > 0) for (const [filePath, targets] of memo.linking) if (!reload.removed.has(filePath) && targets.some((target) => flipped.has(target))) paths.add(filePath);
    todo = [...paths].map((filePath) => reload.reread.get(filePath) ?? memo.byPath.get(filePath)!.content.file);
  } else {
    known = new Set(options.files.map((file) => file.path));
    todo = options.files;
  }
  const exists = (contentPath: string) => known.has(contentPath);
  // The hashes of the files looked at; the others' are the last run's.
  const hashes = new Map<string, string>();
  const hashOf = (file: VFile): string => {
    let fileHash = hashes.get(file.path);
    if (fileHash === undefined) {
      fileHash = options.knownHash?.(file.path) || contentHash(file.value as Uint8Array);
      hashes.set(file.path, fileHash);
    }
    return fileHash;
  };
  const showsHtml = (filePath: string) => basePath !== null && ['entry', 'issue-index'].includes(classifyContentPath(filePath).kind);
  const keyOf = (file: VFile, summary: ParsedSummary): string | null => {
    const filePath = file.path;
    return parsedWithoutErrors(summary) && !summary.facts.empty && showsHtml(filePath)
      ? htmlKey({ sourcePath: filePath, contentHash: hashOf(file), links: summary.facts.links, basePath: basePath!, exists })
      : null;
  };

  // HTML key by path, computed once per file (resolving every link of 15,000 entries is not free).
  const keys = new Map<string, string | null>();
  const jobs: ParseJob[] = [];
  const jobFiles: VFile[] = [];
  const markdown = todo.filter((file) => file.path.endsWith('.md'));
  for (const file of markdown) {
    // A file that links to one added or removed has the same bytes: only its key is made again.
    const same = last && !reload!.reread.has(file.path) ? memo!.byPath.get(file.path) : undefined;
    if (same && documents.get(same.hash) === same.summary) hashes.set(file.path, same.hash);
    // With nothing known (a cold build) every file is parsed: no need to hash them first. They are
    // hashed while the workers parse, as their results come in.
    const summary = documents.size === 0 ? undefined : documents.get(hashOf(file));
    const key = summary ? keyOf(file, summary) : null;
    if (summary) keys.set(file.path, key);
    if (!summary || (key !== null && !html.has(key))) {
      jobs.push({ path: file.path, bytes: file.value as Uint8Array });
      jobFiles.push(file);
    }
  }
  if (jobs.length > 0) await loadParsers();
  let knownList: string[] | undefined;
  const results = await parseFiles(jobs, {
    // Listed for parse workers only: not for an edit parsed on this thread.
    html: basePath === null ? null : { basePath, get knownPaths() { return (knownList ??= [...known]); } },
    renderHtml: (tree, sourcePath, data) => renderOwnedMarkdown(tree, { sourcePath, headingOffset: bodyHeadingOffset(sourcePath, data['section']), basePath: basePath!, exists }),
    threads: options.threads,
    pool: options.pool,
    onResult: (index, result) => keys.set(jobFiles[index]!.path, keyOf(jobFiles[index]!, result.summary)),
  });
  let rendered = 0;
  results.forEach((result, index) => {
    const file = jobFiles[index]!;
    documents.set(hashOf(file), result.summary);
    const key = keys.get(file.path) ?? null;
    if (key !== null && result.html !== null) {
      html.set(key, result.html);
      rendered++;
    }
  });

  // The files looked at, as this run has them.
  const made = new Map<string, { hash: string; key: string | null; summary: ParsedSummary | null; content: ContentFile }>();
  for (const file of todo) {
    const filePath = file.path;
    const fileHash = hashOf(file);
    if (!filePath.endsWith('.md')) {
      made.set(filePath, { hash: fileHash, key: null, summary: null, content: { file, parsed: null } });
      continue;
    }
    const summary = documents.get(fileHash)!;
    const computed = keys.get(filePath);
    const key = computed !== undefined ? computed : keyOf(file, summary);
    // A file handed again as it was (the same VFile) keeps its parse result's object.
    const before = memo?.byPath.get(filePath);
    const content = before && before.content.file === file && before.summary === summary ? before.content : { file, parsed: withLazyTree(summary, () => file.value as Uint8Array) };
    made.set(filePath, { hash: fileHash, key, summary, content });
  }

  let contents: ContentFile[];
  let orderedHashes: Map<string, string>;
  let htmlKeys: Map<string, string>;
  let summaries: Map<string, ParsedSummary>;
  if (last) {
    htmlKeys = new Map(last.htmlKeys);
    summaries = new Map(last.summaries);
    for (const filePath of reload!.removed) {
      htmlKeys.delete(filePath);
      summaries.delete(filePath);
    }
    if (flipped.size === 0) {
      // The same files in the same order: the last run's lists with the files looked at replaced.
      contents = last.contents.slice();
      orderedHashes = new Map(last.hashes);
      memo!.indexOf ??= new Map(last.contents.map((content, index) => [content.file.path, index]));
      for (const [filePath, result] of made) {
        contents[memo!.indexOf.get(filePath)!] = result.content;
        orderedHashes.set(filePath, result.hash);
      }
    } else {
      // Files added or removed: the last run's contents walked beside the files (both in order),
      // the last run's record taken for every file it had as it is now.
      contents = [];
      const madeByFile = new Map([...made.values()].map((result) => [result.content.file, result]));
      let j = 0;
      for (const file of options.files) {
        const result = madeByFile.get(file);
        while (j < last.contents.length && last.contents[j]!.file !== file && result === undefined) j++;
        contents.push(result === undefined ? last.contents[j++]! : result.content);
      }
      // The hashes in the files' order but for the added ones, which come last.
      orderedHashes = new Map(last.hashes);
      for (const filePath of reload!.removed) orderedHashes.delete(filePath);
      for (const [filePath, result] of made) orderedHashes.set(filePath, result.hash);
    }
  } else {
    contents = options.files.map((file) => made.get(file.path)!.content);
    orderedHashes = new Map(options.files.map((file) => [file.path, made.get(file.path)!.hash]));
    htmlKeys = new Map();
    summaries = new Map();
  }
  for (const [filePath, result] of made) {
    if (result.summary === null) continue;
    summaries.set(filePath, result.summary);
    if (result.key !== null) htmlKeys.set(filePath, result.key);
    else htmlKeys.delete(filePath);
  }

  if (memo) {
    if (!last) {
      memo.byPath.clear();
      memo.linking.clear();
    }
    for (const filePath of reload && last ? reload.removed : []) {
      memo.byPath.delete(filePath);
      memo.linking.delete(filePath);
    }
    for (const [filePath, result] of made) {
      if (result.summary === null) continue;
      const before = memo.byPath.get(filePath);
      if (!before || before.content !== result.content || before.key !== result.key || before.hash !== result.hash) memo.byPath.set(filePath, { hash: result.hash, key: result.key, summary: result.summary, content: result.content });
      const targets = linkTargetPaths(filePath, result.summary.facts.links);
      if (targets.length > 0) memo.linking.set(filePath, targets);
      else memo.linking.delete(filePath);
    }
    // Made again when an edit needs it.
    if (!last || flipped.size > 0) memo.indexOf = null;
    memo.from = options.loaded ?? null;
    memo.basePath = basePath;
  }
  // Forget what this content no longer has, so the cache does not grow with every edit.
  if (!memo || documents.size > summaries.size + PRUNE_SLACK) {
    const liveHashes = new Set(orderedHashes.values());
    for (const hash of documents.keys()) if (!liveHashes.has(hash)) documents.delete(hash);
  }
  if (!memo || html.size > htmlKeys.size + PRUNE_SLACK) {
    const liveKeys = new Set(htmlKeys.values());
    for (const key of html.keys()) if (!liveKeys.has(key)) html.delete(key);
  }
  // Made now, so that the result holds the last run's hashes and nothing more of it (a chain of
  // every earlier run's results would grow with each edit).
  const lastHashes = last?.hashes;
  const changed = last && reload ? [...reload.removed, ...[...made].filter(([filePath, result]) => lastHashes!.get(filePath) !== result.hash).map(([filePath]) => filePath)] : null;
  const changedSince = (before: ReadonlyMap<string, string>): string[] | null => (changed && before === lastHashes ? changed : null);
  const result: ParsedContent = { contents, paths: known, hashes: orderedHashes, htmlKeys, summaries, changedSince, parsed: jobs.length, rendered };
  if (memo) memo.last = result;
  return result;
}

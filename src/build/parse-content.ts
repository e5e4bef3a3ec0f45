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
 * What a run made of each Markdown file, for the next run of the same builder: a file that a
 * reload of the content this run read did not read again has the same hash, summary and HTML
 * key, so a dev rebuild does per-file work for the edited files alone. A key is made again when
 * the set of files changed and the file has links.
 */
export interface ParseMemo {
  byPath: Map<string, { hash: string; key: string | null; summary: ParsedSummary; content: ContentFile }>;
  /** The content, base path and file set the entries were made from. */
  from: LoadedContent | null;
  basePath: string | null;
  paths: ReadonlySet<string>;
}

export const emptyParseMemo = (): ParseMemo => ({ byPath: new Map(), from: null, basePath: null, paths: new Set() });

/** A long-lived builder prunes the caches' forgotten results once this many have gathered, not on every edit. */
const PRUNE_SLACK = 256;

export interface ParsedContent {
  contents: ContentFile[];
  /** Content hash by file path. */
  hashes: Map<string, string>;
  /** HTML key by file path, for Markdown files whose HTML a page may show. */
  htmlKeys: Map<string, string>;
  /** Summary by file path. */
  summaries: Map<string, ParsedSummary>;
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
  const { documents, html, basePath } = options;
  const known = new Set(options.files.map((file) => file.path));
  const memo = options.memo;
  const reload = options.loaded?.reloadOf;
  const sameMemo = memo !== undefined && memo.from !== null && reload?.loaded === memo.from && memo.basePath === basePath;
  const sameFiles = sameMemo && memo.paths.size === known.size && [...known].every((filePath) => memo.paths.has(filePath));
  const exists = (contentPath: string) => known.has(contentPath);
  const hashes = new Map<string, string>();
  const hashOf = (file: VFile): string => {
    let fileHash = hashes.get(file.path);
    if (fileHash === undefined) {
      fileHash = options.knownHash?.(file.path) || contentHash(file.value as Uint8Array);
      hashes.set(file.path, fileHash);
    }
    return fileHash;
  };
  const markdown = options.files.filter((file) => file.path.endsWith('.md'));

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
  for (const file of markdown) {
    const last = sameMemo && !reload!.reread.has(file.path) ? memo.byPath.get(file.path) : undefined;
    if (last && (sameFiles || last.summary.facts.links.length === 0) && documents.get(last.hash) === last.summary) {
      hashes.set(file.path, last.hash);
      keys.set(file.path, last.key);
      if (last.key === null || html.has(last.key)) continue;
    }
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
  const results = await parseFiles(jobs, {
    html: basePath === null ? null : { basePath, knownPaths: [...known] },
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

  const htmlKeys = new Map<string, string>();
  const summaries = new Map<string, ParsedSummary>();
  const contents: ContentFile[] = options.files.map((file) => {
    const filePath = file.path;
    if (!filePath.endsWith('.md')) return { file, parsed: null };
    const summary = documents.get(hashOf(file))!;
    summaries.set(filePath, summary);
    const computed = keys.get(filePath);
    const key = computed !== undefined ? computed : keyOf(file, summary);
    if (key !== null) htmlKeys.set(filePath, key);
    // A file the reload handed again as it was (the same VFile) keeps its parse result's object.
    const last = memo?.byPath.get(filePath);
    const content = last && last.content.file === file && last.summary === summary ? last.content : { file, parsed: withLazyTree(summary, () => file.value as Uint8Array) };
    if (last && last.content === content) {
      if (last.key !== key) memo!.byPath.set(filePath, { hash: hashOf(file), key, summary, content });
    } else memo?.byPath.set(filePath, { hash: hashOf(file), key, summary, content });
    return content;
  });
  if (memo) {
    memo.from = options.loaded ?? null;
    for (const filePath of memo.byPath.keys()) if (!known.has(filePath)) memo.byPath.delete(filePath);
    memo.basePath = basePath;
    memo.paths = known;
  }
  // In the files' order, whatever order they were hashed in: builds fingerprint this map.
  const orderedHashes = new Map(options.files.map((file) => [file.path, hashOf(file)]));
  // Forget what this content no longer has, so the cache does not grow with every edit.
  if (!memo || documents.size > summaries.size + PRUNE_SLACK) {
    const liveHashes = new Set(orderedHashes.values());
    for (const hash of documents.keys()) if (!liveHashes.has(hash)) documents.delete(hash);
  }
  if (!memo || html.size > htmlKeys.size + PRUNE_SLACK) {
    const liveKeys = new Set(htmlKeys.values());
    for (const key of html.keys()) if (!liveKeys.has(key)) html.delete(key);
  }
  return { contents, hashes: orderedHashes, htmlKeys, summaries, parsed: jobs.length, rendered };
}


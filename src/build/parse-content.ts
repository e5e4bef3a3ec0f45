// All content files -> ContentFile[] (file + parse result), reusing what an earlier build parsed
// and rendered: a file whose bytes are known is not parsed again, and its body's HTML is kept
// under a key of everything it is made from. The rest goes to parse workers, which render the
// HTML while they hold the tree.
import { hash } from 'node:crypto';
import type { VFile } from 'vfile';
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
}

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
    return { file, parsed: withLazyTree(summary, () => file.value as Uint8Array) };
  });
  // In the files' order, whatever order they were hashed in: builds fingerprint this map.
  const orderedHashes = new Map(options.files.map((file) => [file.path, hashOf(file)]));
  // Forget what this content no longer has, so the cache does not grow with every edit.
  const liveHashes = new Set(orderedHashes.values());
  for (const hash of documents.keys()) if (!liveHashes.has(hash)) documents.delete(hash);
  const liveKeys = new Set(htmlKeys.values());
  for (const key of html.keys()) if (!liveKeys.has(key)) html.delete(key);
  return { contents, hashes: orderedHashes, htmlKeys, summaries, parsed: jobs.length, rendered };
}


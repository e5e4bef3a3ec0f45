// The persistent build cache, <root>/.digest-cache/build.cache: what a build learnt that the next
// one can reuse. One file, written whole to a temporary name and renamed, so a reader sees the
// old file or the new one, never half of one. Its layout:
//
//   line 1   JSON header: format, tool fingerprint, section byte lengths, sha256 of the rest
//   JSON     documents: content hash -> parse summary; page records; output records
//   bytes    the HTML of Markdown bodies, UTF-8, back to back (the JSON indexes it)
//
// A file whose header, checksum or lengths do not match, or that does not parse, is ignored: the
// build then runs as if there were no cache, and overwrites it. Nothing read from the cache is
// trusted before the checksum says the file is the one that was written.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParsedSummary } from '../parse/parse-document.js';

export const CACHE_DIR = '.digest-cache';
export const CACHE_FILE = 'build.cache';
const FORMAT = 'digest-build-cache/1';

/** A page as last written: the fingerprint of what it shows, and its output file's identity. */
export interface PageRecord {
  fingerprint: string;
}

/** An output file as last written or checked: sha1 of its bytes, and the stat that goes with it. */
export interface OutputRecord {
  hash: string;
  size: number;
  mtimeMs: number;
}

/** HTML of a Markdown body: a string made in this run, or UTF-8 bytes from the cache file. */
export type StoredHtml = string | Buffer;

export interface CacheContents {
  documents: Map<string, ParsedSummary>;
  html: Map<string, StoredHtml>;
  /** Output folder the page and output records describe. */
  outDir: string | null;
  pages: Map<string, PageRecord>;
  outputs: Map<string, OutputRecord>;
}

export interface CacheHeader {
  format: string;
  /** Tool version and a hash of its code: another tool means another cache. */
  tool: string;
  jsonBytes: number;
  htmlBytes: number;
  sha256: string;
}

interface CacheJson {
  documents: [string, ParsedSummary][];
  /** key, byte offset in the HTML section, byte length */
  html: [string, number, number][];
  outDir: string | null;
  pages: [string, PageRecord][];
  outputs: [string, OutputRecord][];
}

export function emptyCache(): CacheContents {
  return { documents: new Map(), html: new Map(), outDir: null, pages: new Map(), outputs: new Map() };
}

export type LoadedCache = { ok: true; contents: CacheContents } | { ok: false; reason: string };

export async function loadCache(root: string, tool: string): Promise<LoadedCache> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(root, CACHE_DIR, CACHE_FILE));
  } catch {
    return { ok: false, reason: 'no cache yet' };
  }
  const newline = bytes.indexOf(0x0a);
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.subarray(0, newline === -1 ? 0 : newline).toString('utf8')) as CacheHeader;
  } catch {
    return { ok: false, reason: 'cache header is unreadable' };
  }
  if (header.format !== FORMAT) return { ok: false, reason: `cache format ${String(header.format)} is not ${FORMAT}` };
  if (header.tool !== tool) return { ok: false, reason: 'cache was written by another version of digest' };
  const body = bytes.subarray(newline + 1);
  if (body.length !== header.jsonBytes + header.htmlBytes) return { ok: false, reason: 'cache file is truncated' };
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return { ok: false, reason: 'cache file is corrupt (checksum mismatch)' };
  try {
    const json = JSON.parse(body.subarray(0, header.jsonBytes).toString('utf8')) as CacheJson;
    const htmlSection = body.subarray(header.jsonBytes);
    return {
      ok: true,
      contents: {
        documents: new Map(json.documents),
        html: new Map(json.html.map(([key, offset, length]) => [key, htmlSection.subarray(offset, offset + length)])),
        outDir: json.outDir,
        pages: new Map(json.pages),
        outputs: new Map(json.outputs),
      },
    };
  } catch {
    return { ok: false, reason: 'cache file does not parse' };
  }
}

export async function saveCache(root: string, tool: string, contents: CacheContents): Promise<void> {
  const htmlIndex: CacheJson['html'] = [];
  const htmlParts: Buffer[] = [];
  let offset = 0;
  for (const [key, html] of contents.html) {
    const part = typeof html === 'string' ? Buffer.from(html) : html;
    htmlIndex.push([key, offset, part.length]);
    htmlParts.push(part);
    offset += part.length;
  }
  const json: CacheJson = {
    documents: [...contents.documents],
    html: htmlIndex,
    outDir: contents.outDir,
    pages: [...contents.pages],
    outputs: [...contents.outputs],
  };
  const jsonBytes = Buffer.from(JSON.stringify(json));
  const hash = createHash('sha256').update(jsonBytes);
  for (const part of htmlParts) hash.update(part);
  const header: CacheHeader = { format: FORMAT, tool, jsonBytes: jsonBytes.length, htmlBytes: offset, sha256: hash.digest('hex') };
  const dir = path.join(root, CACHE_DIR);
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `${CACHE_FILE}.tmp-${process.pid}`);
  try {
    await writeFile(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), jsonBytes, ...htmlParts]));
    await rename(temporary, path.join(dir, CACHE_FILE));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  // A .gitignore inside keeps the cache out of a site's repository even if its own does not list it.
  await writeFile(path.join(dir, '.gitignore'), '*\n').catch(() => undefined);
}

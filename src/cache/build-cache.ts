// The persistent build cache in <root>/.digest-cache/: what a build learnt that the next one can
// reuse. Two files, each written whole to a temporary name and renamed, so a reader sees an old
// file or a new one, never half of one:
//
//   build.cache  line 1: JSON header (format, tool fingerprint, byte lengths and sha256 of the
//                rest, of build.html and of the two sections of build.text); line 2: JSON: parse
//                summaries by content hash (each with the places of its texts in build.text),
//                records of content files, pages, output files and generated files, and an
//                index of build.html; line 3: JSON: the summaries' frontmatter data, in order.
//                (Kept apart because it is most of what is not ASCII: the rest then decodes and
//                parses as one-byte text, several times faster.) line 4: JSON: the dependency
//                graph's state after the last good run (GraphState), decoded only by a build
//                that renders.
//   build.html   the HTML of Markdown bodies, UTF-8, back to back; read only when a page that
//                shows one must be rendered (a build that renders nothing never reads it)
//   build.text   the texts of Markdown bodies, UTF-8, back to back: first every start of a
//                text (BodyFacts.text: excerpts, read when a page that lists entries is
//                rendered), then every full text (BodyFacts.fullText: three quarters of what a
//                build learns, read when the search index or a feed is made again). Each
//                section is read and checked on its own.
//
// A file whose header, length or checksum does not match, or that does not parse, is ignored:
// the build then runs as if it were not there, and overwrites it. Nothing read from the cache is
// trusted before the checksum says it is what was written.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileRecord } from '../load/load-content.js';
import { PackedSummary, packPlaces } from '../parse/packed-places.js';
import type { ParsedSummary, SummaryFacts } from '../parse/parse-document.js';
import type { PageRecord } from '../render/render-site.js';
import type { GeneratedRecord } from '../build/reuse-generated.js';
import type { PageOutline } from '../build/changed-pages.js';
import { outlineFromJson, outlineJson, type SiteOutline, type SiteOutlineJson } from '../model/site-outline.js';
import type { OutputRecord } from '../write/output-record.js';
import type { LastRun } from './last-run.js';

export const CACHE_DIR = '.digest-cache';
export const CACHE_FILE = 'build.cache';
export const HTML_FILE = 'build.html';
export const TEXT_FILE = 'build.text';
const FORMAT = 'digest-build-cache/11';

/** HTML of a Markdown body: a string made in this run, UTF-8 bytes, or a place in build.html. */
export type StoredHtml = string | Buffer | HtmlSlice;

export interface HtmlSlice {
  offset: number;
  length: number;
}

/** The HTML stored under a key, or undefined when it is not there (or build.html is damaged). */
export function htmlOf(contents: CacheContents, key: string): string | undefined {
  const stored = contents.html.get(key);
  if (stored === undefined || typeof stored === 'string') return stored;
  const bytes = Buffer.isBuffer(stored) ? stored : sliceOf(contents, stored);
  return bytes?.toString('utf8');
}

function sliceOf(contents: CacheContents, slice: HtmlSlice): Buffer | null {
  const blob = contents.htmlFile?.bytes() ?? null;
  return blob ? blob.subarray(slice.offset, slice.offset + slice.length) : null;
}

export interface CacheContents {
  documents: Map<string, ParsedSummary>;
  html: Map<string, StoredHtml>;
  /** Output folder the page and output records describe. */
  outDir: string | null;
  pages: Map<string, PageRecord>;
  outputs: Map<string, OutputRecord>;
  /** Content files as last loaded (stat and hash), and when (ms since the epoch). */
  files: Map<string, FileRecord>;
  filesRecordedAt: number;
  /** Generated files (feeds, search index, ...) as last written, by group. */
  generated: Map<string, GeneratedRecord>;
  /** The last successful one-off build that wrote the recorded outputs (see last-run.ts). */
  lastRun: LastRun | null;
  /** The dependency graph after the last good run, which wrote the recorded pages (to `outDir`). */
  graph: GraphState | null;
  /** build.html as the cache was loaded: read and checked on first use. */
  htmlFile: LazyBlob | null;
  /** The sections of build.text as the cache was loaded: each read and checked on first use. */
  textFile: Record<TextField, LazyBlob> | null;
}

/**
 * What the dependency graph knows of the last good run: what every page read (envKey: the tool,
 * site.yml, options and templates), the content it was made from and the site and pages made.
 * A later build compares its content with `hashes` for its change set.
 */
export interface GraphState {
  envKey: string;
  /** Content hash by content path. */
  hashes: ReadonlyMap<string, string>;
  site: SiteOutline;
  pages: readonly PageOutline[];
}

interface GraphJson {
  envKey: string;
  hashes: [string, string][];
  site: SiteOutlineJson;
  pages: PageOutline[];
}

/** The texts of a body kept in build.text, in the order of its sections. */
type TextField = 'text' | 'fullText';
const TEXT_FIELDS: readonly TextField[] = ['text', 'fullText'];

/** A file of the cache or a section of one, read and checked against the header on first use; null if damaged. */
export interface LazyBlob {
  bytes(): Buffer | null;
}

export interface CacheHeader {
  format: string;
  /** Tool version and a hash of its code: another tool means another cache. */
  tool: string;
  /** Bytes after the header line, and of its last line (the frontmatter data). */
  jsonBytes: number;
  /** Bytes of the parse results line (documents and the HTML index) and of the frontmatter data line. */
  partsBytes: number;
  dataBytes: number;
  graphBytes: number;
  sha256: string;
  htmlBytes: number;
  htmlSha256: string;
  /** Byte lengths and sha256 of the sections of build.text, in order. */
  textBytes: number[];
  textSha256: string[];
}

/**
 * A summary as stored: its places packed into one string (see packSummary), decoded when read;
 * its texts in the sections of build.text, each at a byte offset and length.
 */
type StoredSummary = Omit<ParsedSummary, 'data' | 'places' | 'facts'> & {
  places: string;
  facts: Omit<SummaryFacts, TextField>;
  texts: [offset: number, length: number][];
};

/**
 * The first line of the body: what every build reads. The parse results follow on their own
 * line, decoded only when a build needs them (one with nothing changed does not).
 */
interface CacheJson {
  documentCount: number;
  outDir: string | null;
  pages: [string, PageRecord][];
  outputs: [string, OutputRecord][];
  files: [string, FileRecord][];
  filesRecordedAt: number;
  generated: [string, GeneratedRecord][];
  lastRun?: LastRun | null;
}

interface CachePartsJson {
  documents: [string, StoredSummary][];
  /** key, byte offset in the HTML section, byte length */
  html: [string, number, number][];
}

/** Documents known to a loaded cache whose parse results are not decoded yet. */
const pendingDocuments = new WeakMap<CacheContents, number>();

/** How many files' parse results the cache holds, without decoding them. */
export function knownDocuments(contents: CacheContents): number {
  return pendingDocuments.get(contents) ?? contents.documents.size;
}

export function emptyCache(): CacheContents {
  return { documents: new Map(), html: new Map(), outDir: null, pages: new Map(), outputs: new Map(), files: new Map(), filesRecordedAt: 0, generated: new Map(), lastRun: null, graph: null, htmlFile: null, textFile: null };
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
  if (body.length !== header.jsonBytes) return { ok: false, reason: 'cache file is truncated' };
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return { ok: false, reason: 'cache file is corrupt (checksum mismatch)' };
  const htmlFile = lazyBlob(path.join(root, CACHE_DIR, HTML_FILE), null, header.htmlBytes, header.htmlSha256);
  const textPath = path.join(root, CACHE_DIR, TEXT_FILE);
  const sectionStart = (index: number) => header.textBytes.slice(0, index).reduce((sum, length) => sum + length, 0);
  const textFile = Object.fromEntries(
    TEXT_FIELDS.map((field, index) => [field, lazyBlob(textPath, sectionStart(index), header.textBytes[index] ?? 0, header.textSha256[index] ?? '')]),
  ) as Record<TextField, LazyBlob>;
  try {
    const graphStart = body.length - header.graphBytes;
    const dataStart = graphStart - 1 - header.dataBytes;
    const partsStart = dataStart - 1 - header.partsBytes - 1;
    const json = JSON.parse(body.subarray(0, partsStart).toString('utf8')) as CacheJson;
    let parts: { documents: Map<string, ParsedSummary>; html: Map<string, StoredHtml> } | null = null;
    const decodeParts = () => {
      if (parts) return parts;
      pendingDocuments.delete(contents);
      try {
        const partsJson = JSON.parse(body.subarray(partsStart + 1, partsStart + 1 + header.partsBytes).toString('utf8')) as CachePartsJson;
        const data = JSON.parse(body.subarray(dataStart, dataStart + header.dataBytes).toString('utf8')) as ParsedSummary['data'][];
        parts = {
          documents: new Map(partsJson.documents.map(([hash, stored], index) => [hash, unpackSummary(stored, data[index]!, textFile)])),
          html: new Map(partsJson.html.map(([key, offset, length]) => [key, { offset, length }])),
        };
      } catch {
        // Checked by its checksum, so never expected: without parse results, files are parsed again.
        parts = { documents: new Map(), html: new Map() };
      }
      return parts;
    };
    const lazy = (name: 'documents' | 'html'): PropertyDescriptor => ({
      configurable: true,
      enumerable: true,
      get: () => decodeParts()[name],
      set(value) {
        Object.defineProperty(contents, name, { configurable: true, enumerable: true, writable: true, value });
      },
    });
    const contents = {
        outDir: json.outDir,
        pages: new Map(json.pages),
        outputs: new Map(json.outputs),
        files: new Map(json.files),
        filesRecordedAt: json.filesRecordedAt,
        generated: new Map(json.generated),
        lastRun: json.lastRun ?? null,
        htmlFile,
        textFile,
    } as CacheContents;
    let graph: GraphState | null | undefined;
    const decodeGraph = (): GraphState | null => {
      if (graph !== undefined) return graph;
      try {
        const stored = JSON.parse(body.subarray(graphStart).toString('utf8')) as GraphJson | null;
        graph = stored && { envKey: stored.envKey, hashes: new Map(stored.hashes), site: outlineFromJson(stored.site), pages: stored.pages };
      } catch {
        // Checked by its checksum, so never expected: without the graph, every page is looked at.
        graph = null;
      }
      return graph;
    };
    Object.defineProperties(contents, {
      documents: lazy('documents'),
      html: lazy('html'),
      graph: {
        configurable: true,
        enumerable: true,
        get: decodeGraph,
        set(value) {
          Object.defineProperty(contents, 'graph', { configurable: true, enumerable: true, writable: true, value });
        },
      },
    });
    pendingDocuments.set(contents, json.documentCount);
    return { ok: true, contents };
  } catch {
    return { ok: false, reason: 'cache file does not parse' };
  }
}

/**
 * A whole file (start null) or `length` bytes of it from `start`, read and checked on first use;
 * null when they are not what was written.
 */
function lazyBlob(file: string, start: number | null, length: number, sha256: string): LazyBlob {
  let blob: Buffer | null | undefined;
  return {
    bytes(): Buffer | null {
      if (blob !== undefined) return blob;
      blob = null;
      try {
        const read = start === null ? readFileSync(file) : readRange(file, start, length);
        if (read.length === length && createHash('sha256').update(read).digest('hex') === sha256) blob = read;
      } catch {
        // Unreadable, or shorter than recorded: as if damaged.
      }
      return blob;
    },
  };
}

function readRange(file: string, start: number, length: number): Buffer {
  const handle = openSync(file, 'r');
  try {
    const bytes = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const count = readSync(handle, bytes, read, length - read, start + read);
      if (count === 0) throw new Error('short file');
      read += count;
    }
    return bytes;
  } finally {
    closeSync(handle);
  }
}

export async function saveCache(root: string, tool: string, contents: CacheContents): Promise<void> {
  const htmlIndex: CachePartsJson['html'] = [];
  const htmlParts: Buffer[] = [];
  let offset = 0;
  for (const [key, html] of contents.html) {
    const part = typeof html === 'string' ? Buffer.from(html) : Buffer.isBuffer(html) ? html : sliceOf(contents, html);
    if (!part) continue;
    // No slice of the old build.html survives this call, which replaces that file; and the bytes
    // replace the string, so the two are not both held.
    if (!Buffer.isBuffer(html)) contents.html.set(key, part);
    htmlIndex.push([key, offset, part.length]);
    htmlParts.push(part);
    offset += part.length;
  }
  const documents: CachePartsJson['documents'] = [];
  const data: ParsedSummary['data'][] = [];
  const sections = TEXT_FIELDS.map(() => ({ parts: [] as Buffer[], bytes: 0 }));
  for (const [hash, summary] of contents.documents) {
    const texts = TEXT_FIELDS.map((field) => textBytes(summary, field));
    // A text the old build.text no longer has (damaged): the file is parsed again next time.
    if (texts.some((text) => text === null)) continue;
    data.push(summary.data);
    documents.push([
      hash,
      packSummary(
        summary,
        texts.map((text, index) => {
          const section = sections[index]!;
          section.parts.push(text!);
          section.bytes += text!.length;
          return [section.bytes - text!.length, text!.length];
        }),
      ),
    ]);
  }
  const json: CacheJson = {
    documentCount: documents.length,
    outDir: contents.outDir,
    pages: [...contents.pages],
    outputs: [...contents.outputs],
    files: [...contents.files],
    filesRecordedAt: contents.filesRecordedAt,
    generated: [...contents.generated],
    lastRun: contents.lastRun,
  };
  const dataJson = JSON.stringify(data);
  const partsJson = JSON.stringify({ documents, html: htmlIndex } satisfies CachePartsJson);
  const graph = contents.graph;
  const graphJson = JSON.stringify(
    graph && ({ envKey: graph.envKey, hashes: [...graph.hashes], site: outlineJson(graph.site), pages: [...graph.pages] } satisfies GraphJson),
  );
  const jsonBytes = Buffer.from(`${JSON.stringify(json)}\n${partsJson}\n${dataJson}\n${graphJson}`);
  const dataBytes = Buffer.byteLength(dataJson);
  const graphBytes = Buffer.byteLength(graphJson);
  const partsBytes = Buffer.byteLength(partsJson);
  const htmlHash = createHash('sha256');
  for (const part of htmlParts) htmlHash.update(part);
  const textHashes = sections.map((section) => {
    const textHash = createHash('sha256');
    for (const part of section.parts) textHash.update(part);
    return textHash.digest('hex');
  });
  const header: CacheHeader = {
    format: FORMAT,
    tool,
    jsonBytes: jsonBytes.length,
    partsBytes,
    dataBytes,
    graphBytes,
    sha256: createHash('sha256').update(jsonBytes).digest('hex'),
    htmlBytes: offset,
    htmlSha256: htmlHash.digest('hex'),
    textBytes: sections.map((section) => section.bytes),
    textSha256: textHashes,
  };
  const dir = path.join(root, CACHE_DIR);
  await mkdir(dir, { recursive: true });
  // build.html and build.text first: a build.cache is only ever next to the files it describes
  // (or, after a crash between the renames, next to ones whose checksums tell them apart).
  await writeWhole(path.join(dir, HTML_FILE), htmlParts);
  await writeWhole(path.join(dir, TEXT_FILE), sections.flatMap((section) => section.parts));
  await writeWhole(path.join(dir, CACHE_FILE), [Buffer.from(`${JSON.stringify(header)}\n`), jsonBytes]);

  // A .gitignore inside keeps the cache out of a site's repository even if its own does not list it.
  await writeFile(path.join(dir, '.gitignore'), '*\n').catch(() => undefined);
}

/** Writes parts in chunks of a few MB: no copy of the whole in memory, no syscall per part. */
async function writeWhole(file: string, parts: readonly Buffer[]): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  const CHUNK = 8 * 1024 * 1024;
  try {
    const handle = await open(temporary, 'w');
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for (const part of parts) {
        pending.push(part);
        pendingBytes += part.length;
        if (pendingBytes >= CHUNK) {
          await handle.write(Buffer.concat(pending));
          pending = [];
          pendingBytes = 0;
        }
      }
      if (pendingBytes > 0) await handle.write(Buffer.concat(pending));
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// Places (where each frontmatter key was written) are read only to report a problem, yet as
// objects they are half of what a cached summary costs to load. Stored packed, they are decoded
// for the few summaries whose places are ever read.
function packSummary(summary: ParsedSummary, texts: StoredSummary['texts']): StoredSummary {
  const packed = summary instanceof CachedSummary || summary instanceof PackedSummary ? summary.packedPlaces : packPlaces(summary.places);
  const { empty, hasText, headings, links } = summary.facts;
  return { blank: summary.blank, frontmatterEndLine: summary.frontmatterEndLine, problems: summary.problems, facts: { empty, hasText, headings, links }, places: packed, texts };
}

/** A text of a summary as UTF-8 bytes, or null when it was in a damaged build.text. */
function textBytes(summary: ParsedSummary, field: TextField): Buffer | null {
  if (summary.facts instanceof CachedFacts) return summary.facts.bytesOf(field);
  const text = summary.facts[field];
  return text === undefined ? null : Buffer.from(text);
}

function unpackSummary(stored: StoredSummary, data: ParsedSummary['data'], textFile: Record<TextField, LazyBlob>): ParsedSummary {
  return new CachedSummary(stored, data, new CachedFacts(stored, textFile));
}

// Classes rather than objects with getters of their own: 16,000 summaries are loaded on every
// build, and closures per summary would be most of what they cost.

/** A summary read from the cache: its places decoded when read. */
class CachedSummary implements ParsedSummary {
  readonly data: ParsedSummary['data'];
  readonly blank: boolean;
  readonly frontmatterEndLine: number;
  readonly problems: ParsedSummary['problems'];
  readonly facts: CachedFacts;
  readonly packedPlaces: string;
  #places: ParsedSummary['places'] | undefined;

  constructor(stored: StoredSummary, data: ParsedSummary['data'], facts: CachedFacts) {
    this.data = data;
    this.blank = stored.blank;
    this.frontmatterEndLine = stored.frontmatterEndLine;
    this.problems = stored.problems;
    this.facts = facts;
    this.packedPlaces = stored.places;
  }

  get places(): ParsedSummary['places'] {
    if (this.#places === undefined) {
      const stored = this.packedPlaces;
      if (stored.startsWith('J')) this.#places = JSON.parse(stored.slice(1)) as ParsedSummary['places'];
      else {
        const places: ParsedSummary['places'] = {};
        const body = stored.slice(1);
        for (const line of body === '' ? [] : body.split('\n')) {
          const [key = '', row = '1', column = '1'] = line.split('\t');
          places[key] = { line: Number(row), column: Number(column) };
        }
        this.#places = places;
      }
    }
    return this.#places;
  }
}

/**
 * Facts read from the cache: their texts read from build.text when asked for (and by a save,
 * which replaces that file: the old one is in memory by then).
 */
class CachedFacts implements SummaryFacts {
  readonly empty: boolean;
  readonly hasText: boolean;
  readonly headings: SummaryFacts['headings'];
  readonly links: SummaryFacts['links'];
  #texts: StoredSummary['texts'];
  #textFile: Record<TextField, LazyBlob>;
  // Decoded once: digest dev makes the search index again on every edit, from every text.
  #decoded: Partial<Record<TextField, string>> = {};

  constructor(stored: StoredSummary, textFile: Record<TextField, LazyBlob>) {
    this.empty = stored.facts.empty;
    this.hasText = stored.facts.hasText;
    this.headings = stored.facts.headings;
    this.links = stored.facts.links;
    this.#texts = stored.texts;
    this.#textFile = textFile;
  }

  get text(): string | undefined {
    return this.#decode('text');
  }

  get fullText(): string | undefined {
    return this.#decode('fullText');
  }

  #decode(field: TextField): string | undefined {
    return (this.#decoded[field] ??= this.bytesOf(field)?.toString('utf8'));
  }

  /** The bytes of a text, or null when its section of build.text is damaged. */
  bytesOf(field: TextField): Buffer | null {
    const [offset, length] = this.#texts[TEXT_FIELDS.indexOf(field)]!;
    return this.#textFile[field].bytes()?.subarray(offset, offset + length) ?? null;
  }
}

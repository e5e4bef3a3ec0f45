// The search index, written as static files that a browser fetches a few at a time.
//
// Chinese has no spaces between words and readers expect a query to match wherever the string
// occurs, so the index is positional over character bigrams: for every pair of adjacent
// (folded) characters, the entries that contain it and where. A query of n characters is found
// exactly by checking that its n-1 bigrams occur at consecutive positions: no word segmentation
// to miss a substring, and no false hits. Postings are varint-encoded and spread over shards by a
// hash of the bigram, so a query fetches only the shards of its own bigrams; entry texts (for
// excerpts) are stored in small chunks fetched only for the results on screen.
//
//   search/index/meta.json         format, version, shard counts, facet names, facets per entry
//   search/index/postings/<n>.bin  bigram -> entries -> positions
//   search/index/docs/<n>.json     [title, url, issue title, issue start, section name, body, keywords]
import { createHash } from 'node:crypto';
import type { Entry, Site } from '../model/types.js';
import { entryUrl } from '../model/urls.js';
import type { OutputFile } from '../write/write-output.js';
import { bigramShard } from './bigram-hash.js';
import { BigramTable } from './bigram-table.js';
import { ByteWriter } from './byte-writer.js';
import { foldCodes } from './char-fold.js';
import { indexedText, searchText, type SearchText } from './search-text.js';

export const SEARCH_INDEX_DIR = 'search/index/';
export const SEARCH_INDEX_FORMAT = 1;

/** Postings bytes a shard holds on average: small enough to fetch per query, few enough files. */
const TARGET_SHARD_BYTES = 64 * 1024;
const MAX_SHARDS = 4096;
/** Entries per text chunk: the first page of results of a common query lies in one or two. */
const DOCS_PER_CHUNK = 16;

export interface SearchIndexMeta {
  format: number;
  /** Changes whenever any index file changes: the browser adds it to file URLs to skip stale caches. */
  version: string;
  docCount: number;
  shardCount: number;
  docsPerChunk: number;
  sections: FacetValue[];
  regions: FacetValue[];
  sources: FacetValue[];
  /** Per entry, in index order (newest issue first): section, region (-1: none), sources, as indexes into the lists above. */
  docs: [number, number, number[]][];
}

export interface FacetValue {
  key: string;
  name: string;
}

/** Every bigram of the archive with its posting list. */
interface Postings {
  table: BigramTable;
  /** All posting lists, back to back; bigram id -> [offset, offset + length) of its list. */
  bytes: Uint8Array;
  offsets: Float64Array;
  lengths: Int32Array;
  docCounts: Int32Array;
}

const SPACE = 0x20;

export function buildSearchIndex(site: Site): OutputFile[] {
  // Newest issue first, reading order inside an issue: the order results are shown in.
  const entries = [...site.issues].reverse().flatMap((issue) => issue.entries);
  const texts = entries.map(searchText);
  const postings = collectPostings(texts.map(indexedText));
  const shards = writeShards(postings);
  const chunks = writeChunks(site, entries, texts);

  const sections = site.taxonomies.sections.terms.map((term) => ({ key: term.key, name: term.name }));
  const regions = site.taxonomies.regions.terms.map((term) => ({ key: term.key, name: term.name }));
  const sources = site.taxonomies.sources.terms.map((term) => ({ key: term.key, name: term.name }));
  const indexOf = (values: FacetValue[]) => new Map(values.map((value, index) => [value.key, index]));
  const sectionIndex = indexOf(sections);
  const regionIndex = indexOf(regions);
  const sourceIndex = indexOf(sources);

  const files: OutputFile[] = [
    ...shards.map((contents, n) => ({ path: `${SEARCH_INDEX_DIR}postings/${n}.bin`, contents })),
    ...chunks.map((contents, n) => ({ path: `${SEARCH_INDEX_DIR}docs/${n}.json`, contents })),
  ];
  const hash = createHash('sha1');
  for (const file of files) hash.update(file.path).update(file.contents);
  const meta: SearchIndexMeta = {
    format: SEARCH_INDEX_FORMAT,
    version: hash.digest('hex').slice(0, 12),
    docCount: entries.length,
    shardCount: shards.length,
    docsPerChunk: DOCS_PER_CHUNK,
    sections,
    regions,
    sources,
    docs: entries.map((entry) => [
      sectionIndex.get(entry.section) ?? -1,
      entry.region === null ? -1 : (regionIndex.get(entry.region) ?? -1),
      entry.sources.map((source) => sourceIndex.get(source) ?? -1),
    ]),
  };
  files.push({ path: `${SEARCH_INDEX_DIR}meta.json`, contents: JSON.stringify(meta) });
  return files;
}

/**
 * Calls `visit(doc, id, positions, count)` for every bigram of every entry, entry by entry, with
 * the bigram's ascending positions in the entry (the first `count` of `positions`). Positions are gathered through linked lists in typed
 * arrays, so nothing is allocated per character.
 */
function scanBigrams(texts: readonly string[], table: BigramTable, visit: (doc: number, id: number, positions: Int32Array, count: number) => void): void {
  let head = new Int32Array(1 << 16).fill(-1);
  let next = new Int32Array(1 << 12);
  let positions = new Int32Array(1 << 12);
  texts.forEach((text, doc) => {
    const codes = foldCodes(text);
    if (next.length < codes.length) {
      next = new Int32Array(codes.length * 2);
      positions = new Int32Array(codes.length * 2);
    }
    const touched: number[] = [];
    for (let i = 0; i + 1 < codes.length; i++) {
      const first = codes[i]!;
      const second = codes[i + 1]!;
      if (first === SPACE || second === SPACE) continue;
      const id = table.idOf(first, second);
      if (id >= head.length) {
        const grown = new Int32Array(head.length * 2).fill(-1);
        grown.set(head);
        head = grown;
      }
      if (head[id] === -1) touched.push(id);
      next[i] = head[id]!;
      head[id] = i;
    }
    for (const id of touched) {
      let count = 0;
      for (let at = head[id]!; at !== -1; at = next[at]!) count++;
      let slot = count;
      for (let at = head[id]!; at !== -1; at = next[at]!) positions[--slot] = at;
      head[id] = -1;
      visit(doc, id, positions, count);
    }
  });
}

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size++;
  return size;
}

function writeVarint(bytes: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let rest = value;
  while (rest >= 0x80) {
    bytes[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  bytes[at++] = rest;
  return at;
}

/**
 * Bigram -> its posting list: per entry (ascending), the gap to the previous entry, the number of
 * positions, and the positions as gaps; a gap is (value - previous - 1). Two passes over the
 * text: the first measures every list, the second writes it into one buffer.
 */
function collectPostings(texts: readonly string[]): Postings {
  const table = new BigramTable();
  const sizes: number[] = [];
  const counts: number[] = [];
  const lastDocs: number[] = [];
  scanBigrams(texts, table, (doc, id, positions, count) => {
    if (id >= sizes.length) {
      sizes.push(0);
      counts.push(0);
      lastDocs.push(-1);
    }
    let size = varintSize(doc - lastDocs[id]! - 1) + varintSize(count);
    let previous = -1;
    for (let p = 0; p < count; p++) {
      size += varintSize(positions[p]! - previous - 1);
      previous = positions[p]!;
    }
    sizes[id]! += size;
    counts[id]!++;
    lastDocs[id] = doc;
  });

  const offsets = new Float64Array(table.size);
  let total = 0;
  for (let id = 0; id < table.size; id++) {
    offsets[id] = total;
    total += sizes[id]!;
  }
  const bytes = new Uint8Array(total);
  const cursors = Float64Array.from(offsets);
  lastDocs.fill(-1);
  scanBigrams(texts, table, (doc, id, positions, count) => {
    let at = writeVarint(bytes, cursors[id]!, doc - lastDocs[id]! - 1);
    at = writeVarint(bytes, at, count);
    let previous = -1;
    for (let p = 0; p < count; p++) {
      at = writeVarint(bytes, at, positions[p]! - previous - 1);
      previous = positions[p]!;
    }
    cursors[id] = at;
    lastDocs[id] = doc;
  });
  return { table, bytes, offsets, lengths: Int32Array.from(sizes), docCounts: Int32Array.from(counts) };
}

/**
 * Shard file: varint key count, then per bigram (in code point order): its two code points, its
 * document count, the byte length of its posting list, and the list.
 */
function writeShards({ table, bytes, offsets, lengths, docCounts }: Postings): Uint8Array[] {
  let shardCount = 1;
  while (shardCount < MAX_SHARDS && bytes.length / shardCount > TARGET_SHARD_BYTES) shardCount *= 2;

  const idsByShard: number[][] = Array.from({ length: shardCount }, () => []);
  for (let id = 0; id < table.size; id++) idsByShard[bigramShard(table.first(id), table.second(id), shardCount)]!.push(id);
  return idsByShard.map((ids) => {
    let size = 8;
    for (const id of ids) size += 20 + lengths[id]!;
    const shard = new ByteWriter(size);
    shard.varint(ids.length);
    ids.sort((a, b) => table.first(a) - table.first(b) || table.second(a) - table.second(b));
    for (const id of ids) {
      shard.varint(table.first(id));
      shard.varint(table.second(id));
      shard.varint(docCounts[id]!);
      shard.varint(lengths[id]!);
      shard.append(bytes.subarray(offsets[id]!, offsets[id]! + lengths[id]!));
    }
    return shard.result();
  });
}

function writeChunks(site: Site, entries: readonly Entry[], texts: readonly SearchText[]): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < entries.length; start += DOCS_PER_CHUNK) {
    const records = entries.slice(start, start + DOCS_PER_CHUNK).map((entry, i) => {
      const issue = site.issueById.get(entry.issueId)!;
      const section = site.config.sectionByPath.get(entry.section);
      const { title, body, keywords } = texts[start + i]!;
      return [title, entryUrl(entry.issueId, entry.slug), issue.title, issue.start, section?.title ?? entry.section, body, keywords];
    });
    chunks.push(JSON.stringify(records));
  }
  return chunks;
}

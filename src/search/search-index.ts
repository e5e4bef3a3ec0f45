// The search index, written as static files that a browser fetches a few at a time.
//
// Chinese has no spaces between words and readers expect a query to match wherever the string
// occurs, so the index is positional over character bigrams: for every pair of adjacent
// (folded) characters, the entries that contain it and where. A query of n characters is found
// exactly by checking that its n-1 bigrams occur at consecutive positions: no word segmentation
// to miss a substring, and no false hits. A word of one character is looked up in the entry lists
// of single characters (unigrams, without positions), kept in the same shards. Postings are varint-encoded and spread over shards by a
// hash of the bigram, so a query fetches only the shards of its own bigrams; entry texts (for
// excerpts) are stored in small chunks fetched only for the results on screen.
//
// Entries are numbered from the oldest issue, so a new issue appends: it adds to the last docs
// chunk and to the small "recent" postings segment, and leaves the rest as it was
// (index-segments.ts). Each segment and each docs chunk is a part made on its own from its own
// entries, so a build may make only the parts whose entries changed (build/search-index-groups.ts)
// and keep the others' files. docs/search-index.md describes the format.
//
//   search/index/meta.json                  format, version, segments, issues, facets per entry
//   search/index/postings/<segment>/<n>.bin  bigram -> entries -> positions, per segment
//   search/index/docs/<n>.json              [title, url, issue title, issue start, section name, body, [region, sources, tags]]
import { createHash } from 'node:crypto';
import type { Site } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';
import { entryUrl } from '../model/urls.js';
import type { OutputFile } from '../render/output-file.js';
import { bigramShard } from './bigram-hash.js';
import { BigramTable } from './bigram-table.js';
import { foldCodesInto } from './char-fold.js';
import { planSegments, shardCountFor, type SegmentPlan } from './index-segments.js';
import { keywordsText, searchText, type SearchFacets } from './search-text.js';

export const SEARCH_INDEX_DIR = 'search/index/';
export const SEARCH_INDEX_FORMAT = 3;

/** Entries per text chunk: the first page of results of a common query lies in one or two. */
const DOCS_PER_CHUNK = 16;

export interface SearchIndexMeta {
  format: number;
  /** Changes whenever any index file changes: the browser adds it to file URLs to skip stale caches. */
  version: string;
  docCount: number;
  /** Postings shards in all segments. */
  shardCount: number;
  /** Oldest first; an entry's postings are in the segment whose [from, to) holds its number. */
  segments: SegmentMeta[];
  /** The number of each issue's first entry, oldest issue first: results list the newest issue first. */
  issues: number[];
  docsPerChunk: number;
  sections: FacetValue[];
  regions: FacetValue[];
  sources: FacetValue[];
  /** Per entry, by number (oldest issue first): section, region (-1: none), sources, as indexes into the lists above. */
  docs: [number, number, number[]][];
}

export interface SegmentMeta extends SegmentPlan {
  shardCount: number;
}

export interface FacetValue {
  key: string;
  name: string;
}

/**
 * An entry as its docs chunk holds it: [title, url, issue title, issue start (YYYY-MM-DD), section
 * name, body (blocks apart by BLOCK_BREAK), [region, sources, tags]].
 */
export type SearchRecord = [title: string, url: string, issueTitle: string, issueStart: string, section: string, body: string, facets: SearchFacets];

/** What meta.json lists besides the parts' files: where issues start, and every entry's facets. */
export interface SearchOutline {
  docCount: number;
  /** The number of each issue's first record, oldest issue first. */
  issueStarts: number[];
  sections: FacetValue[];
  regions: FacetValue[];
  sources: FacetValue[];
  /** Per record: section, region (-1: none), sources, as indexes into the lists above. */
  facets: [number, number, number[]][];
}

/** What the index is made of, as plain data: it may be handed to a worker thread. */
export interface SearchDocuments extends SearchOutline {
  /** By number: oldest issue first, reading order inside an issue; null for an entry no part asked for is made of. */
  records: (SearchRecord | null)[];
}

/**
 * A part of the index, made from entries [from, to) alone: a segment's postings shards
 * (`postings/<segment>`), or a docs chunk (`docs/<n>`).
 */
export interface IndexPart {
  name: string;
  from: number;
  to: number;
}

/** The parts of an index of this outline, postings first, in the order their files are listed. */
export function indexParts(outline: Pick<SearchOutline, 'issueStarts' | 'docCount'>): IndexPart[] {
  const parts = planSegments(outline.issueStarts, outline.docCount).map((segment) => ({ name: `postings/${segment.name}`, from: segment.from, to: segment.to }));
  for (let start = 0; start < outline.docCount; start += DOCS_PER_CHUNK) parts.push({ name: `docs/${start / DOCS_PER_CHUNK}`, from: start, to: Math.min(start + DOCS_PER_CHUNK, outline.docCount) });
  return parts;
}

/** The name of the part an index file (its path in the output folder) belongs to; null for meta.json. */
export function partOf(file: string): string | null {
  const name = file.slice(SEARCH_INDEX_DIR.length);
  if (name.startsWith('postings/')) return name.slice(0, name.indexOf('/', 'postings/'.length));
  return name.startsWith('docs/') ? name.slice(0, -'.json'.length) : null;
}

/** The path and sha1 of an index file: meta.json's version is made from these. */
export type IndexFileHash = [path: string, hash: string];

/** An index file; its bytes may be a view of a buffer shared with other files. */
export interface IndexFile extends OutputFile {
  contents: Uint8Array;
}

const SPACE = 0x20;
/** BLOCK_BREAK (parse/block-join.ts) folded: no bigram crosses it, as none crosses a space. */
const LINE_FEED = 0x0a;
/** The second character of a unigram's key: (c, 0) holds the entries containing c. No text holds it. */
const UNIGRAM = 0;

/** Characters that form no bigram or unigram: the separators, and NUL, which would pass for a unigram key. */
function isBreak(code: number): boolean {
  return code === SPACE || code === LINE_FEED || code === UNIGRAM;
}

/** The index files of the site, made on this thread (search-index-thread.ts: on a worker). */
export function buildSearchIndex(site: Site, bodies: BodyStore): IndexFile[] {
  return searchIndexFiles(searchDocuments(site, bodies));
}

/**
 * What the index holds of each entry, from the model: the texts of the entries the parts cover
 * (every entry without `parts`), read from the bodies, and the outline (made here unless given).
 */
export function searchDocuments(site: Site, bodies: BodyStore, parts?: readonly IndexPart[], outline: SearchOutline = searchOutline(site)): SearchDocuments {
  const entries = site.issues.flatMap((issue) => issue.entries);
  const wanted = new Uint8Array(entries.length).fill(parts ? 0 : 1);
  for (const part of parts ?? []) wanted.fill(1, part.from, part.to);
  return {
    ...outline,
    records: entries.map((entry, doc) => {
      if (wanted[doc] === 0) return null;
      const issue = site.issueById.get(entry.issueId)!;
      const section = site.config.sectionByPath.get(entry.section);
      const { title, body, facets } = searchText(entry, bodies);
      return [title, entryUrl(entry.issueId, entry.slug), issue.title, issue.start, section?.title ?? entry.section, body, facets];
    }),
  };
}

/** The outline of the site's index: no entry's text is read. */
export function searchOutline(site: Site): SearchOutline {
  const entries = site.issues.flatMap((issue) => issue.entries);
  const issueStarts: number[] = [];
  for (let start = 0, i = 0; i < site.issues.length; start += site.issues[i]!.entries.length, i++) issueStarts.push(start);
  const sections = site.taxonomies.sections.terms.map((term) => ({ key: term.key, name: term.name }));
  const regions = site.taxonomies.regions.terms.map((term) => ({ key: term.key, name: term.name }));
  const sources = site.taxonomies.sources.terms.map((term) => ({ key: term.key, name: term.name }));
  const indexOf = (values: FacetValue[]) => new Map(values.map((value, index) => [value.key, index]));
  const sectionIndex = indexOf(sections);
  const regionIndex = indexOf(regions);
  const sourceIndex = indexOf(sources);
  return {
    docCount: entries.length,
    issueStarts,
    sections,
    regions,
    sources,
    facets: entries.map((entry) => [
      sectionIndex.get(entry.section) ?? -1,
      entry.region === null ? -1 : (regionIndex.get(entry.region) ?? -1),
      entry.sources.map((source) => sourceIndex.get(source) ?? -1),
    ]),
  };
}

/** The index files, as bytes: postings shards, docs chunks, and meta.json last; with `parts`, only theirs. */
export function searchIndexFiles(documents: SearchDocuments, parts?: readonly IndexPart[]): IndexFile[] {
  const files: IndexFile[] = [];
  emitSearchIndex(documents, (file) => files.push(file), { parts });
  return files;
}

/**
 * Hands each index file to `emit` as soon as it is made, in the order of searchIndexFiles, so
 * that a caller writing them need not hold the texts of the archive twice. `consumed`: `emit`
 * is done with a file's bytes when it returns (it writes them), so they may be let go at once.
 * With `parts`, only their files (the documents need hold only their entries' texts), and no
 * meta.json; without, every part and meta.json last.
 */
export function emitSearchIndex(documents: SearchDocuments, emit: (file: IndexFile) => void, options: { consumed?: boolean; parts?: readonly IndexPart[] } = {}): void {
  const { records } = documents;
  const hashes: IndexFileHash[] = [];
  const add = (file: IndexFile) => {
    if (!options.parts) hashes.push([file.path, createHash('sha1').update(file.contents).digest('hex')]);
    emit(file);
  };
  const utf8 = new TextEncoder();
  for (const part of options.parts ?? indexParts(documents)) {
    if (part.name.startsWith('postings/')) {
      emitShards(records, { name: part.name.slice('postings/'.length), from: part.from, to: part.to }, add, options.consumed ?? false);
    } else {
      add({ path: `${SEARCH_INDEX_DIR}${part.name}.json`, contents: utf8.encode(JSON.stringify(records.slice(part.from, part.to))) });
    }
  }
  if (!options.parts) emit({ path: SEARCH_INDEX_META, contents: searchIndexMeta(documents, hashes) });
}

export const SEARCH_INDEX_META = `${SEARCH_INDEX_DIR}meta.json`;

/**
 * meta.json, given the path and sha1 of every other index file: the segments' shard counts are
 * counted from their files, and the version is made from them all (in path order), so it is the
 * same however many of the files this build made.
 */
export function searchIndexMeta(outline: SearchOutline, files: readonly IndexFileHash[]): Uint8Array {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const version = createHash('sha1');
  for (const [file, hash] of sorted) version.update(file).update('\0').update(hash).update('\n');
  const segments: SegmentMeta[] = planSegments(outline.issueStarts, outline.docCount).map((segment) => {
    const part = `postings/${segment.name}`;
    return { ...segment, shardCount: files.filter(([file]) => partOf(file) === part).length };
  });
  const meta: SearchIndexMeta = {
    format: SEARCH_INDEX_FORMAT,
    version: version.digest('hex').slice(0, 12),
    docCount: outline.docCount,
    shardCount: segments.reduce((sum, segment) => sum + segment.shardCount, 0),
    segments,
    issues: outline.issueStarts,
    docsPerChunk: DOCS_PER_CHUNK,
    sections: outline.sections,
    regions: outline.regions,
    sources: outline.sources,
    docs: outline.facets,
  };
  return new TextEncoder().encode(JSON.stringify(meta));
}

/**
 * A segment's postings shards, each handed to `add`. Nothing of them outlives this call: the docs
 * chunks that follow are made without the postings (~50 MB at 15,000 entries) beside them.
 */
function emitShards(records: readonly (SearchRecord | null)[], segment: SegmentPlan, add: (file: IndexFile) => void, consumed: boolean): void {
  const shards = writeShards(records, segment);
  shards.forEach((contents, n) => add({ path: `${SEARCH_INDEX_DIR}postings/${segment.name}/${n}.bin`, contents }));
  // The shards share one buffer, by now old enough that only a full collection would free it.
  // Moved into a clone nothing keeps, its bytes go at the next minor one.
  if (consumed && shards.length > 0) structuredClone(shards[0]!.buffer, { transfer: [shards[0]!.buffer as ArrayBuffer] });
}

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  let size = 3;
  for (let rest = value; rest >= 0x200000; rest = Math.floor(rest / 128)) size++;
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
 * Per entry of the segment, the bigram id at each position of its indexed text (title, body and
 * keywords, joined by spaces), -1 where a space makes no bigram: `visit(doc, ids, length)`, with a
 * buffer reused from one entry to the next.
 */
function scanBigrams(
  records: readonly (SearchRecord | null)[],
  segment: SegmentPlan,
  table: BigramTable,
  visit: (doc: number, ids: Int32Array, length: number) => void,
  unigrams?: (doc: number, codes: Int32Array, length: number) => void,
): void {
  let codes = new Int32Array(1 << 12);
  for (let doc = segment.from; doc < segment.to; doc++) {
    const [title, , , , , body, facets] = records[doc]!;
    const keywords = keywordsText(facets);
    const units = title.length + body.length + keywords.length + 2;
    if (codes.length < units) codes = new Int32Array(units * 2);
    let length = foldCodesInto(title, codes, 0);
    codes[length++] = SPACE;
    length = foldCodesInto(body, codes, length);
    codes[length++] = SPACE;
    length = foldCodesInto(keywords, codes, length);
    unigrams?.(doc, codes, length);
    visit(doc, codes, bigramIds(codes, length, table));
  }
}

/** Replaces the codes with the ids of the bigrams starting at each; returns how many there are. */
function bigramIds(codes: Int32Array, length: number, table: BigramTable): number {
  const bigrams = length - 1;
  for (let i = 0; i < bigrams; i++) {
    const first = codes[i]!;
    const second = codes[i + 1]!;
    codes[i] = isBreak(first) || isBreak(second) ? -1 : table.idOf(first, second);
  }
  return Math.max(0, bigrams);
}

/**
 * Per bigram id, what the shard writer tracks of its list, four 32-bit numbers side by side (one
 * cache line, however many bigrams): the last entry met, plus one (0: none yet); the bigram's number of
 * positions there; its last position there; and the list's size in bytes (first pass), then
 * where the list goes on in the output (second pass), which is below MAX_POSTINGS_BYTES.
 */
const LAST_DOC = 0;
const COUNT = 1;
const LAST_POSITION = 2;
const BYTES = 3;
const CURSOR = 3;
const FIELDS = 4;
const MAX_POSTINGS_BYTES = 0x7fffffff;

class ListStats {
  lists = new Int32Array(FIELDS << 12);
  /** Per bigram id: the entries in its list. */
  docs = new Int32Array(1 << 12);
  /** The ids of the current entry, each once. */
  touched = new Int32Array(1 << 12);

  reserve(ids: number, perEntry: number): void {
    if (ids > this.docs.length) {
      const length = Math.max(ids, this.docs.length * 2);
      const lists = new Int32Array(length * FIELDS);
      lists.set(this.lists);
      this.lists = lists;
      const docs = new Int32Array(length);
      docs.set(this.docs);
      this.docs = docs;
    }
    if (perEntry > this.touched.length) this.touched = new Int32Array(Math.max(perEntry, this.touched.length * 2));
  }
}

/**
 * The unigram lists of a segment: per character, the entries containing it, as gaps (no
 * positions: a word of one character is found wherever the character is). Indexed by code
 * point, so that counting them costs no hash lookup per character.
 */
class UnigramLists {
  /** Per code point: the last entry met, plus one (0: none yet). */
  readonly lastDoc = new Int32Array(0x110000);
  readonly docCount = new Int32Array(0x110000);
  /** The list's size in bytes (first pass), then where it goes on in the output (second pass). */
  readonly bytes = new Int32Array(0x110000);

  measure(doc: number, codes: Int32Array, length: number): void {
    const { lastDoc, bytes, docCount } = this;
    const mark = doc + 1;
    for (let i = 0; i < length; i++) {
      const code = codes[i]!;
      if (lastDoc[code] === mark || isBreak(code)) continue;
      bytes[code]! += varintSize(doc - lastDoc[code]!);
      lastDoc[code] = mark;
      docCount[code]!++;
    }
  }

  /** The ids of the unigrams met, as (code, UNIGRAM) keys of the table, in code point order; resets lastDoc for the second pass. */
  addTo(table: BigramTable): [code: number, id: number][] {
    const ids: [number, number][] = [];
    for (let code = 0; code < this.docCount.length; code++) {
      if (this.docCount[code] === 0) continue;
      ids.push([code, table.idOf(code, UNIGRAM)]);
      this.lastDoc[code] = 0;
    }
    return ids;
  }

  write(buffer: Uint8Array, doc: number, codes: Int32Array, length: number): void {
    const { lastDoc, bytes } = this;
    const mark = doc + 1;
    for (let i = 0; i < length; i++) {
      const code = codes[i]!;
      if (lastDoc[code] === mark || isBreak(code)) continue;
      bytes[code] = writeVarint(buffer, bytes[code]!, doc - lastDoc[code]!);
      lastDoc[code] = mark;
    }
  }
}

/** Adds an entry's bigrams to the sizes of their lists. */
function measureEntry(stats: ListStats, doc: number, ids: Int32Array, length: number): void {
  const { lists, docs, touched } = stats;
  const mark = doc + 1;
  let touchedCount = 0;
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id < 0) continue;
    const at = id * FIELDS;
    if (lists[at + LAST_DOC] !== mark) {
      lists[at + BYTES]! += varintSize(doc - lists[at + LAST_DOC]!);
      lists[at + LAST_DOC] = mark;
      lists[at + COUNT] = 0;
      lists[at + LAST_POSITION] = -1;
      docs[id]!++;
      touched[touchedCount++] = id;
    }
    lists[at + BYTES]! += varintSize(i - lists[at + LAST_POSITION]! - 1);
    lists[at + LAST_POSITION] = i;
    lists[at + COUNT]!++;
  }
  for (let t = 0; t < touchedCount; t++) {
    const at = touched[t]! * FIELDS;
    lists[at + BYTES]! += varintSize(lists[at + COUNT]!);
  }
}

/** Writes an entry into its bigrams' lists: its header in each (gap, count), then its positions. */
function writeEntry(stats: ListStats, buffer: Uint8Array, doc: number, ids: Int32Array, length: number): void {
  const { lists, touched } = stats;
  const mark = doc + 1;
  let touchedCount = 0;
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id < 0) continue;
    const at = id * FIELDS;
    if (lists[at + LAST_DOC] !== mark) {
      // The previous entry of the list (plus one), until the header that needs it is written.
      lists[at + LAST_POSITION] = lists[at + LAST_DOC]!;
      lists[at + LAST_DOC] = mark;
      lists[at + COUNT] = 0;
      touched[touchedCount++] = id;
    }
    lists[at + COUNT]!++;
  }
  for (let t = 0; t < touchedCount; t++) {
    const at = touched[t]! * FIELDS;
    const cursor = writeVarint(buffer, lists[at + CURSOR]!, doc - lists[at + LAST_POSITION]!);
    lists[at + CURSOR] = writeVarint(buffer, cursor, lists[at + COUNT]!);
    lists[at + LAST_POSITION] = -1;
  }
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id < 0) continue;
    const at = id * FIELDS;
    lists[at + CURSOR] = writeVarint(buffer, lists[at + CURSOR]!, i - lists[at + LAST_POSITION]! - 1);
    lists[at + LAST_POSITION] = i;
  }
}

/**
 * The postings shards of a segment. A shard file: varint key count, then per bigram (in code point order):
 * its two code points, its document count, the byte length of its posting list, and the list.
 * A posting list holds, per entry (ascending), the gap to the previous entry, the number of
 * positions, and the positions as gaps; a gap is (value - previous - 1), the first entry's gap
 * counts from -1 (entry numbers are the index's, not the segment's). A unigram's key is its
 * character and 0, and its list the entries' gaps alone.
 *
 * Two passes over the text, allocating nothing per character: the first measures every list,
 * so that all shards are laid out at their exact sizes in one buffer; the second writes every
 * position straight to its place there.
 */
function writeShards(records: readonly (SearchRecord | null)[], segment: SegmentPlan): Uint8Array[] {
  const table = new BigramTable();
  const stats = new ListStats();
  const unigrams = new UnigramLists();
  scanBigrams(
    records,
    segment,
    table,
    (doc, ids, length) => {
      stats.reserve(table.size, length);
      measureEntry(stats, doc, ids, length);
    },
    (doc, codes, length) => unigrams.measure(doc, codes, length),
  );
  // The unigrams join the table last, their lists measured: laid out in the shards as bigrams are.
  const unigramIds = unigrams.addTo(table);
  stats.reserve(table.size, 0);
  for (const [code, id] of unigramIds) {
    stats.lists[id * FIELDS + BYTES] = unigrams.bytes[code]!;
    stats.docs[id] = unigrams.docCount[code]!;
  }

  const bigrams = table.size;
  const { lists, docs: docCounts } = stats;
  const listBytes = new Float64Array(bigrams);
  let total = 0;
  for (let id = 0; id < bigrams; id++) {
    const bytes = lists[id * FIELDS + BYTES]!;
    // The counts are 32-bit: a list that wrapped round shows as negative.
    if (bytes < 0) throw new Error('the search index would exceed 2 GB');
    total += listBytes[id] = bytes;
  }
  if (total > MAX_POSTINGS_BYTES) throw new Error('the search index would exceed 2 GB');
  const shardCount = shardCountFor(segment, total);
  const idsByShard: number[][] = Array.from({ length: shardCount }, () => []);
  for (let id = 0; id < bigrams; id++) idsByShard[bigramShard(table.first(id), table.second(id), shardCount)]!.push(id);
  for (const ids of idsByShard) ids.sort((a, b) => table.first(a) - table.first(b) || table.second(a) - table.second(b));
  const shardSizes = idsByShard.map((ids) => {
    let size = varintSize(ids.length);
    for (const id of ids) size += varintSize(table.first(id)) + varintSize(table.second(id)) + varintSize(docCounts[id]!) + varintSize(listBytes[id]!) + listBytes[id]!;
    return size;
  });
  // One buffer for all shards, their headers written, and where each list starts.
  const buffer = new Uint8Array(shardSizes.reduce((sum, size) => sum + size, 0));
  const shards: Uint8Array[] = [];
  let offset = 0;
  idsByShard.forEach((ids, shard) => {
    shards.push(buffer.subarray(offset, offset + shardSizes[shard]!));
    let at = writeVarint(buffer, offset, ids.length);
    for (const id of ids) {
      at = writeVarint(buffer, at, table.first(id));
      at = writeVarint(buffer, at, table.second(id));
      at = writeVarint(buffer, at, docCounts[id]!);
      at = writeVarint(buffer, at, listBytes[id]!);
      lists[id * FIELDS + CURSOR] = at;
      at += listBytes[id]!;
    }
    offset += shardSizes[shard]!;
  });

  for (let id = 0; id < bigrams; id++) lists[id * FIELDS + LAST_DOC] = 0;
  for (const [code, id] of unigramIds) unigrams.bytes[code] = lists[id * FIELDS + CURSOR]!;
  scanBigrams(
    records,
    segment,
    table,
    (doc, ids, length) => writeEntry(stats, buffer, doc, ids, length),
    (doc, codes, length) => unigrams.write(buffer, doc, codes, length),
  );
  return shards;
}

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
import { ByteWriter } from './byte-writer.js';
import { foldText } from './char-fold.js';
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

interface PostingList {
  bytes: ByteWriter;
  docCount: number;
  lastDoc: number;
}

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

/** Bigram -> its posting list. Docs and positions are written as gaps: (value - previous - 1). */
function collectPostings(texts: readonly string[]): Map<string, PostingList> {
  const postings = new Map<string, PostingList>();
  texts.forEach((text, doc) => {
    const chars = foldText(text);
    const positionsOf = new Map<string, number[]>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const first = chars[i]!;
      const second = chars[i + 1]!;
      if (first === ' ' || second === ' ') continue;
      const key = first + second;
      const positions = positionsOf.get(key);
      if (positions) positions.push(i);
      else positionsOf.set(key, [i]);
    }
    for (const [key, positions] of positionsOf) {
      let list = postings.get(key);
      if (!list) {
        list = { bytes: new ByteWriter(), docCount: 0, lastDoc: -1 };
        postings.set(key, list);
      }
      list.bytes.varint(doc - list.lastDoc - 1);
      list.bytes.varint(positions.length);
      let previous = -1;
      for (const position of positions) {
        list.bytes.varint(position - previous - 1);
        previous = position;
      }
      list.docCount++;
      list.lastDoc = doc;
    }
  });
  return postings;
}

/**
 * Shard file: varint key count, then per bigram (in code point order): its two code points, its
 * document count, the byte length of its posting list, and the list.
 */
function writeShards(postings: Map<string, PostingList>): Uint8Array[] {
  let total = 0;
  for (const list of postings.values()) total += list.bytes.length;
  let shardCount = 1;
  while (shardCount < MAX_SHARDS && total / shardCount > TARGET_SHARD_BYTES) shardCount *= 2;

  const keysByShard: string[][] = Array.from({ length: shardCount }, () => []);
  for (const key of postings.keys()) {
    const [first, second] = Array.from(key) as [string, string];
    keysByShard[bigramShard(first, second, shardCount)]!.push(key);
  }
  return keysByShard.map((keys) => {
    const shard = new ByteWriter();
    shard.varint(keys.length);
    for (const key of keys.sort(compareCodePoints)) {
      const list = postings.get(key)!;
      for (const char of key) shard.varint(char.codePointAt(0)!);
      shard.varint(list.docCount);
      shard.varint(list.bytes.length);
      shard.append(list.bytes.result());
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

function compareCodePoints(a: string, b: string): number {
  const [a1, a2] = Array.from(a, (c) => c.codePointAt(0)!);
  const [b1, b2] = Array.from(b, (c) => c.codePointAt(0)!);
  return a1! - b1! || a2! - b2!;
}

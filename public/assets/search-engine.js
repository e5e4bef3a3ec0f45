// The search engine of the search page: reads the static index that `digest build` writes under
// search/index/ (see src/search/search-index.ts) and finds every entry that contains each word
// of a query, wherever it occurs. No DOM here, so the tests run this very file in Node.
//
// A word of n characters is looked up as its n-1 character bigrams; an entry matches when the
// bigrams occur at consecutive positions. A word of one character is looked up in the lists of
// single characters (unigrams: the key (character, U+0000), entries without positions). Each bigram's list is read from every segment of the
// index (docs/search-index.md): the past, and the few recent issues. Characters are folded for case and width exactly as
// the index builder folds them (src/search/char-fold.ts).

const folded = new Map();

export function foldChar(char) {
  const code = char.codePointAt(0);
  if (code >= 0x4e00 && code <= 0x9fff) return char;
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : char;
  let result = folded.get(char);
  if (result === undefined) {
    const normal = char.normalize('NFKC').toLowerCase();
    result = [...normal].length === 1 ? normal : char;
    folded.set(char, result);
  }
  return result;
}

export const MIN_WORD_LENGTH = 1;

/** The words of a query, folded, as arrays of characters, each once. */
export function queryWords(query) {
  const seen = new Set();
  const words = [];
  for (const raw of String(query).split(/\s+/u)) {
    const chars = Array.from(raw, foldChar);
    const key = chars.join('');
    if (chars.length < MIN_WORD_LENGTH || seen.has(key)) continue;
    seen.add(key);
    words.push(chars);
  }
  return words;
}

/** Same hash as src/search/bigram-hash.ts, over the code points of the two characters. */
export function bigramShard(first, second, shardCount) {
  let hash = 0x811c9dc5;
  hash = Math.imul(hash ^ first.codePointAt(0), 0x01000193) >>> 0;
  hash = Math.imul(hash ^ second.codePointAt(0), 0x01000193) >>> 0;
  return hash % shardCount;
}

class ByteReader {
  constructor(bytes, offset = 0) {
    this.bytes = bytes;
    this.offset = offset;
  }

  varint() {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.offset++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }
}

function parseShard(bytes) {
  const reader = new ByteReader(bytes);
  const lists = new Map();
  const keyCount = reader.varint();
  for (let k = 0; k < keyCount; k++) {
    const key = String.fromCodePoint(reader.varint()) + String.fromCodePoint(reader.varint());
    reader.varint(); // document count: not needed to decode
    const length = reader.varint();
    lists.set(key, bytes.subarray(reader.offset, reader.offset + length));
    reader.offset += length;
  }
  return lists;
}

const UNIGRAM = '\u0000';

/** A unigram's list bytes -> ascending docs. */
function decodeDocs(bytes) {
  const reader = new ByteReader(bytes);
  const docs = [];
  let doc = -1;
  while (reader.offset < bytes.length) docs.push((doc += reader.varint() + 1));
  return docs;
}

/** Posting list bytes -> Map(doc -> ascending positions), in ascending doc order. */
function decodePostings(bytes) {
  const reader = new ByteReader(bytes);
  const docs = new Map();
  let doc = -1;
  while (reader.offset < bytes.length) {
    doc += reader.varint() + 1;
    const count = reader.varint();
    const positions = new Array(count);
    let position = -1;
    for (let i = 0; i < count; i++) {
      position += reader.varint() + 1;
      positions[i] = position;
    }
    docs.set(doc, positions);
  }
  return docs;
}

function contains(sorted, value) {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] === value) return true;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

function intersectSorted(a, b) {
  const result = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      result.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return result;
}

/**
 * `load(path, kind)` returns the index file at `path` (relative to search/index/) as parsed JSON
 * (kind 'json') or a Uint8Array (kind 'bytes'); the page passes a fetch, the tests a file read.
 */
export function createSearchEngine({ load }) {
  let metaPromise = null;
  const shards = new Map();
  const lists = new Map();
  const chunks = new Map();

  const meta = () => (metaPromise ??= load('meta.json', 'json'));

  const shard = (file) => {
    let promise = shards.get(file);
    if (!promise) {
      promise = load(file, 'bytes').then(parseShard);
      shards.set(file, promise);
    }
    return promise;
  };

  /** Map(doc -> positions) of the bigram over all segments, ascending; null when no entry has it. */
  async function postings(first, second) {
    const key = first + second;
    if (lists.has(key)) return lists.get(key);
    const { segments } = await meta();
    const found = await Promise.all(segments.map(async (segment) => (await shard(`postings/${segment.name}/${bigramShard(first, second, segment.shardCount)}.bin`)).get(key)));
    let docs = null;
    for (const bytes of found) {
      if (!bytes) continue;
      docs ??= new Map();
      for (const [doc, positions] of decodePostings(bytes)) docs.set(doc, positions);
    }
    lists.set(key, docs);
    return docs;
  }

  /** Ascending docs containing the character, over all segments (oldest first, so their lists follow each other). */
  async function unigramDocs(char) {
    const { segments } = await meta();
    const found = await Promise.all(segments.map(async (segment) => (await shard(`postings/${segment.name}/${bigramShard(char, UNIGRAM, segment.shardCount)}.bin`)).get(char + UNIGRAM)));
    return found.flatMap((bytes) => (bytes ? decodeDocs(bytes) : []));
  }

  /** Newest issue first, reading order inside an issue (entries are numbered oldest issue first). */
  function newestFirst(index, ids) {
    const issueOf = (doc) => {
      let low = 0;
      let high = index.issues.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (index.issues[middle] <= doc) low = middle;
        else high = middle - 1;
      }
      return low;
    };
    return ids.map((doc) => [issueOf(doc), doc]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, doc]) => doc);
  }

  /** Ascending ids of the entries that contain the word (an array of folded characters). */
  async function findWord(chars) {
    if (chars.length === 1) return unigramDocs(chars[0]);
    const bigrams = await Promise.all(chars.slice(0, -1).map((char, i) => postings(char, chars[i + 1])));
    if (bigrams.some((docs) => docs === null)) return [];
    const [first, ...rest] = bigrams;
    const found = [];
    for (const [doc, starts] of first) {
      const others = rest.map((docs) => docs.get(doc));
      if (others.some((positions) => positions === undefined)) continue;
      if (starts.some((start) => others.every((positions, i) => contains(positions, start + i + 1)))) found.push(doc);
    }
    return found;
  }

  function matchesFilters(index, doc, filters) {
    const [section, region, sources] = index.docs[doc];
    const under = (values, value, wanted) => {
      const key = values[value]?.key;
      return key !== undefined && (key === wanted || key.startsWith(`${wanted}/`));
    };
    if (filters.section && !under(index.sections, section, filters.section)) return false;
    if (filters.region && !under(index.regions, region, filters.region)) return false;
    if (filters.source && !sources.some((source) => index.sources[source]?.key === filters.source)) return false;
    return true;
  }

  return {
    meta,

    /**
     * Entries containing every word of the query, newest issue first, narrowed by the filters
     * ({ section, region, source }: keys; a section or region includes its children).
     */
    async search(query, filters = {}) {
      const index = await meta();
      const words = queryWords(query);
      if (words.length === 0) return { words, ids: [] };
      let ids = null;
      for (const chars of words) {
        const found = await findWord(chars);
        ids = ids === null ? found : intersectSorted(ids, found);
        if (ids.length === 0) break;
      }
      return { words, ids: newestFirst(index, ids.filter((doc) => matchesFilters(index, doc, filters))) };
    },

    /**
     * The stored records of the given entries: { id, title, url, issueTitle, issueStart, section,
     * body (blocks apart by BLOCK_BREAK), region ('' for none), sources, tags, keywords (the names
     * space-separated, as indexed) }.
     */
    async documents(ids) {
      const { docsPerChunk } = await meta();
      return Promise.all(
        ids.map(async (id) => {
          const n = Math.floor(id / docsPerChunk);
          let chunk = chunks.get(n);
          if (!chunk) {
            chunk = load(`docs/${n}.json`, 'json');
            chunks.set(n, chunk);
          }
          const [title, url, issueTitle, issueStart, section, body, [region, sources, tags]] = (await chunk)[id % docsPerChunk];
          const keywords = [region, ...sources, ...tags].filter((name) => name !== '').join(' ');
          return { id, title, url, issueTitle, issueStart, section, body, region, sources, tags, keywords };
        }),
      );
    },
  };
}

/** Where one block of a body ends and the next begins (src/parse/block-join.ts). */
export const BLOCK_BREAK = '\n';

/** Characters set without spaces around them; the same class as src/parse/block-join.ts. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uff60\uffe0-\uffe6\u2e80-\u2fdf]/u;

const DECIDING = /[\p{L}\p{N}]/u;

function deciding(chars) {
  for (const char of chars) if (WIDE.test(char) || DECIDING.test(char)) return char;
  return '';
}

/**
 * What shows between a block ending with `before` and one starting with `after` (texts): nothing
 * where the nearest letter on either side is Chinese (punctuation looked through), else a space.
 */
export function blockJoiner(before, after) {
  if (!before || !after) return '';
  return WIDE.test(deciding([...before].reverse())) || WIDE.test(deciding(after)) ? '' : ' ';
}

/** [start, end) ranges of the text's characters where any of the words occurs, merged. */
export function matchRanges(text, words) {
  const chars = Array.from(text, foldChar);
  const ranges = [];
  for (let i = 0; i < chars.length; i++) {
    for (const word of words) {
      if (word.every((char, j) => chars[i + j] === char)) ranges.push([i, i + word.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * Pieces of `text[from, to)` with the matches marked: [{ text, match }]. The caller inserts them
 * as text nodes and <mark> elements, never as HTML.
 */
export function markMatches(text, words, from = 0, to = Infinity) {
  // A block break shows as what joins the blocks; no word holds one, so no match spans it.
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === BLOCK_BREAK) chars[i] = i === from || i === to - 1 ? '' : blockJoiner(chars.slice(Math.max(0, i - 8), i).join(''), chars.slice(i + 1, i + 9).join(''));
  }
  const end = Math.min(to, chars.length);
  const pieces = [];
  let at = from;
  for (const [start, stop] of matchRanges(text, words)) {
    if (stop <= from || start >= end) continue;
    const s = Math.max(start, from);
    const e = Math.min(stop, end);
    if (s > at) pieces.push({ text: chars.slice(at, s).join(''), match: false });
    pieces.push({ text: chars.slice(s, e).join(''), match: true });
    at = e;
  }
  if (at < end) pieces.push({ text: chars.slice(at, end).join(''), match: false });
  return pieces;
}

/**
 * The part of an entry's body around its first match, about `length` characters, with matches
 * marked; an ellipsis piece stands for cut text.
 */
export function excerpt(doc, words, length = 100) {
  const chars = Array.from(doc.body);
  const first = matchRanges(doc.body, words)[0];
  const to = Math.min(chars.length, Math.max(length, first ? first[0] - Math.floor(length / 3) + length : length));
  const from = Math.max(0, to - length);
  const pieces = markMatches(doc.body, words, from, to);
  if (from > 0) pieces.unshift({ text: '…', match: false });
  if (to < chars.length) pieces.push({ text: '…', match: false });
  return pieces;
}

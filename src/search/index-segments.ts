// How the search index splits its entries into segments, so that a weekly publish rewrites only
// a small one. Pure: the split depends on the content alone, never on the builds before, so an
// incremental build writes what a cold build writes.
//
// Entries are numbered from the oldest issue. The "past" segment holds every issue up to the
// last whole block of RECENT_BLOCK issues before the newest; the "recent" segment holds the rest
// (1 to RECENT_BLOCK issues), so the newest issue, the one editors work on in digest dev, is
// always in the small segment. Adding an issue rewrites the recent segment only, until it would
// hold RECENT_BLOCK + 1: then the past takes in a block (every past shard is rewritten once).

/** Issues per block: the recent segment holds at most this many. */
export const RECENT_BLOCK = 8;

/** Postings bytes a shard holds on average, per segment; the past as the index always had. */
const PAST_SHARD_BYTES = 64 * 1024;
const PAST_MAX_SHARDS = 4096;
/** Small, so that a query fetches little more than it would from the past alone. */
const RECENT_SHARD_BYTES = 8 * 1024;
const RECENT_MAX_SHARDS = 64;

export interface SegmentPlan {
  /** 'past' or 'recent'. */
  name: string;
  /** Entries [from, to), by number. */
  from: number;
  to: number;
}

/** The segments of an index whose issues start at these entry numbers; empty ones left out. */
export function planSegments(issueStarts: readonly number[], docCount: number): SegmentPlan[] {
  const pastIssues = Math.floor(Math.max(0, issueStarts.length - 1) / RECENT_BLOCK) * RECENT_BLOCK;
  const boundary = pastIssues < issueStarts.length ? issueStarts[pastIssues]! : docCount;
  const segments: SegmentPlan[] = [
    { name: 'past', from: 0, to: boundary },
    { name: 'recent', from: boundary, to: docCount },
  ];
  return segments.filter((segment) => segment.to > segment.from);
}

/** How many shards a segment of this many postings bytes is spread over: a power of two. */
export function shardCountFor(segment: SegmentPlan, postingsBytes: number): number {
  const [target, max] = segment.name === 'past' ? [PAST_SHARD_BYTES, PAST_MAX_SHARDS] : [RECENT_SHARD_BYTES, RECENT_MAX_SHARDS];
  let count = 1;
  while (count < max && postingsBytes / count > target) count *= 2;
  return count;
}

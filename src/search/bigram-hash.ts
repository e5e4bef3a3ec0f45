// Which postings shard holds a bigram: FNV-1a over its two code points. The browser's engine
// computes the same hash to fetch only the shards a query needs.

export function bigramShard(first: string, second: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (const code of [first.codePointAt(0)!, second.codePointAt(0)!]) {
    hash = Math.imul(hash ^ code, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}

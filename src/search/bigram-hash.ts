// Which postings shard holds a bigram: FNV-1a over its two code points. The browser's engine
// computes the same hash to fetch only the shards a query needs.

export function bigramShard(first: number, second: number, shardCount: number): number {
  let hash = 0x811c9dc5;
  hash = Math.imul(hash ^ first, 0x01000193) >>> 0;
  hash = Math.imul(hash ^ second, 0x01000193) >>> 0;
  return hash % shardCount;
}

// Bigram -> dense id, an open-addressing hash table on typed arrays. The index builder looks up
// one bigram per character of the archive (tens of millions); a Map of that many lookups spends
// most of its time allocating and missing the cache, this does not. Real Chinese text has
// hundreds of thousands of distinct bigrams: a slot holds the bigram (both characters in one
// number) and its id side by side, 8 bytes, so a lookup touches one cache line of a table kept
// small. The rare bigram with a character outside the BMP goes to a Map.

export class BigramTable {
  /** Per slot: the bigram (first << 16 | second), id + 1 (0: empty slot). */
  private slots: Int32Array;
  private mask: number;
  private firsts: Int32Array;
  private seconds: Int32Array;
  private count = 0;
  private readonly astral = new Map<number, number>();

  constructor(capacity = 1 << 12) {
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.firsts = new Int32Array(capacity >> 1);
    this.seconds = new Int32Array(capacity >> 1);
  }

  get size(): number {
    return this.count;
  }

  /** The id of the bigram, a new one (the next integer) when it was not seen before. */
  idOf(first: number, second: number): number {
    if ((first | second) > 0xffff) return this.astralId(first, second);
    const key = (first << 16) | second;
    const slots = this.slots;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0;
    slot = (slot ^ (slot >>> 15)) & this.mask;
    for (;;) {
      const stored = slots[slot * 2 + 1]!;
      if (stored === 0) break;
      if (slots[slot * 2] === key) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.add(first, second);
    // Keep the table at most half full: probes stay short, and there is room for the new id.
    if ((this.count - this.astral.size) * 2 > this.mask + 1) this.grow();
    else this.place(slot, key, id);
    return id;
  }

  first(id: number): number {
    return this.firsts[id]!;
  }

  second(id: number): number {
    return this.seconds[id]!;
  }

  private astralId(first: number, second: number): number {
    const key = first * 0x110000 + second;
    let id = this.astral.get(key);
    if (id === undefined) {
      id = this.add(first, second);
      this.astral.set(key, id);
    }
    return id;
  }

  private add(first: number, second: number): number {
    if (this.count === this.firsts.length) {
      const firsts = new Int32Array(this.count * 2);
      const seconds = new Int32Array(this.count * 2);
      firsts.set(this.firsts);
      seconds.set(this.seconds);
      this.firsts = firsts;
      this.seconds = seconds;
    }
    const id = this.count++;
    this.firsts[id] = first;
    this.seconds[id] = second;
    return id;
  }

  private place(slot: number, key: number, id: number): void {
    this.slots[slot * 2] = key;
    this.slots[slot * 2 + 1] = id + 1;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let id = 0; id < this.count; id++) {
      const first = this.firsts[id]!;
      const second = this.seconds[id]!;
      if ((first | second) > 0xffff) continue;
      const key = (first << 16) | second;
      let slot = Math.imul(key, 0x9e3779b1) >>> 0;
      slot = (slot ^ (slot >>> 15)) & this.mask;
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.place(slot, key, id);
    }
  }
}

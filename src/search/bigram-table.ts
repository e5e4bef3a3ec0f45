// Bigram -> dense id, an open-addressing hash table on typed arrays. The index builder looks up
// one bigram per character of the archive (tens of millions); a Map of that many lookups spends
// most of its time allocating and missing the cache, this does not. A slot holds the bigram and
// its id side by side, so a lookup in a table of hundreds of thousands of bigrams (real Chinese
// text) touches one cache line.

const STRIDE = 4;

export class BigramTable {
  /** Per slot: first, second, id + 1 (0: empty slot), unused. */
  private slots: Int32Array;
  private mask: number;
  private firsts: Int32Array;
  private seconds: Int32Array;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.slots = new Int32Array(capacity * STRIDE);
    this.mask = capacity - 1;
    this.firsts = new Int32Array(capacity >> 1);
    this.seconds = new Int32Array(capacity >> 1);
  }

  get size(): number {
    return this.count;
  }

  /** The id of the bigram, a new one (the next integer) when it was not seen before. */
  idOf(first: number, second: number): number {
    const slots = this.slots;
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    for (;;) {
      const at = slot * STRIDE;
      const stored = slots[at + 2]!;
      if (stored === 0) break;
      if (slots[at] === first && slots[at + 1] === second) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    // Keep the table at most half full: probes stay short, and there is room for the new id.
    if ((this.count + 1) * 2 > this.mask + 1) {
      this.grow();
      slot = this.emptySlot(first, second);
    }
    const id = this.count++;
    this.firsts[id] = first;
    this.seconds[id] = second;
    this.place(slot, first, second, id);
    return id;
  }

  first(id: number): number {
    return this.firsts[id]!;
  }

  second(id: number): number {
    return this.seconds[id]!;
  }

  private emptySlot(first: number, second: number): number {
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    while (this.slots[slot * STRIDE + 2] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  private place(slot: number, first: number, second: number, id: number): void {
    const at = slot * STRIDE;
    this.slots[at] = first;
    this.slots[at + 1] = second;
    this.slots[at + 2] = id + 1;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const firsts = new Int32Array(capacity >> 1);
    const seconds = new Int32Array(capacity >> 1);
    firsts.set(this.firsts);
    seconds.set(this.seconds);
    this.firsts = firsts;
    this.seconds = seconds;
    this.slots = new Int32Array(capacity * STRIDE);
    this.mask = capacity - 1;
    for (let id = 0; id < this.count; id++) this.place(this.emptySlot(firsts[id]!, seconds[id]!), firsts[id]!, seconds[id]!, id);
  }
}

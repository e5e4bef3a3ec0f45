// Bigram -> dense id, an open-addressing hash table on typed arrays. The index builder looks up
// one bigram per character of the archive (tens of millions); a Map of that many lookups spends
// most of its time allocating and missing the cache, this does not.

export class BigramTable {
  private firsts: Int32Array;
  private seconds: Int32Array;
  /** Slot -> id + 1; 0 marks an empty slot. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.firsts = new Int32Array(capacity >> 1);
    this.seconds = new Int32Array(capacity >> 1);
  }

  get size(): number {
    return this.count;
  }

  /** The id of the bigram, a new one (the next integer) when it was not seen before. */
  idOf(first: number, second: number): number {
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) break;
      if (this.firsts[stored - 1] === first && this.seconds[stored - 1] === second) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    // Keep the table at most half full: probes stay short, and there is room for the new id.
    if ((this.count + 1) * 2 > this.slots.length) {
      this.grow();
      slot = this.emptySlot(first, second);
    }
    const id = this.count++;
    this.firsts[id] = first;
    this.seconds[id] = second;
    this.slots[slot] = id + 1;
    return id;
  }

  private emptySlot(first: number, second: number): number {
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  first(id: number): number {
    return this.firsts[id]!;
  }

  second(id: number): number {
    return this.seconds[id]!;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    const firsts = new Int32Array(capacity >> 1);
    const seconds = new Int32Array(capacity >> 1);
    firsts.set(this.firsts);
    seconds.set(this.seconds);
    this.firsts = firsts;
    this.seconds = seconds;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let id = 0; id < this.count; id++) this.slots[this.emptySlot(firsts[id]!, seconds[id]!)] = id + 1;
  }
}

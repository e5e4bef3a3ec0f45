// A growable byte buffer of unsigned LEB128 varints: the compact encoding of postings.

export class ByteWriter {
  private bytes: Uint8Array;
  length = 0;

  constructor(initialSize = 16) {
    this.bytes = new Uint8Array(initialSize);
  }

  varint(value: number): void {
    // A varint of a number below 2^35 takes at most 5 bytes.
    if (this.length + 5 > this.bytes.length) this.reserve(5);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.bytes[this.length++] = rest;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

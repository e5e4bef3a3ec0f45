// Serving and rebuilding take turns over the output folder: a build swaps the folder in by
// renaming, and a file being sent at that moment could vanish under the server. Requests wait
// while a build runs (and then get the fresh site); a build waits for requests being sent.

export class OutputGate {
  private readers = 0;
  private writing = false;
  private readonly waitingWriters: (() => void)[] = [];
  private readonly waitingReaders: (() => void)[] = [];

  /** Runs `send` while no build is running; `send` resolves when the response is done. */
  async read<T>(send: () => Promise<T>): Promise<T> {
    // Builds go first, so a steady stream of requests cannot hold a rebuild back.
    if (this.writing || this.waitingWriters.length > 0) await new Promise<void>((resolve) => this.waitingReaders.push(resolve));
    else this.readers++;
    try {
      return await send();
    } finally {
      this.readers--;
      this.wake();
    }
  }

  /** Runs `build` once no response is being sent, holding new requests until it is done. */
  async write<T>(build: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waitingWriters.push(resolve);
      this.wake();
    });
    try {
      return await build();
    } finally {
      this.writing = false;
      this.wake();
    }
  }

  private wake(): void {
    if (this.writing) return;
    const writer = this.waitingWriters[0];
    if (writer) {
      if (this.readers > 0) return;
      this.waitingWriters.shift();
      this.writing = true;
      writer();
      return;
    }
    const readers = this.waitingReaders.splice(0);
    this.readers += readers.length;
    for (const reader of readers) reader();
  }
}

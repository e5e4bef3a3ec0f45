// Changes -> rebuilds: a burst of changes (an editor's save, a `git checkout`) becomes one
// rebuild once the files are quiet for `quietMs` (or `maxWaitMs` after the first change), and
// rebuilds never overlap: changes that arrive during one are collected for the next.

export interface RebuildQueueOptions {
  rebuild: (changes: readonly string[]) => Promise<void>;
  /** A rebuild that throws: reported here, and the queue goes on. */
  onError: (error: unknown) => void;
  quietMs?: number;
  maxWaitMs?: number;
}

export class RebuildQueue {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private firstChangeAt = 0;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: RebuildQueueOptions) {
    // An editor's save (write, or write and rename) is one burst of events a ms or two apart;
    // every ms waited here is a ms before the edit shows. A save caught half-written is built
    // again once its last event comes (changes during a rebuild make the next one).
    this.quietMs = options.quietMs ?? 10;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
  }

  /** A file changed (path as the watcher reports it). */
  add(change: string): void {
    if (this.closed) return;
    if (this.pending.size === 0) this.firstChangeAt = Date.now();
    this.pending.add(change);
    if (!this.running) this.schedule();
  }

  /** Stops taking changes and waits for a running rebuild to end. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const waited = Date.now() - this.firstChangeAt;
    this.timer = setTimeout(() => this.start(), Math.max(0, Math.min(this.quietMs, this.maxWaitMs - waited)));
  }

  private start(): void {
    this.timer = null;
    if (this.closed || this.running || this.pending.size === 0) return;
    const changes = [...this.pending];
    this.pending.clear();
    this.running = this.options
      .rebuild(changes)
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.running = null;
        if (this.pending.size > 0 && !this.closed) this.schedule();
      });
  }
}

// One piece of background work that follows a build without holding it up (digest dev brings
// its feeds and search index up to date this way): it starts once builds have paused for a
// moment, a newer one replaces it (cancelling it when it has started), and settle() runs it at
// once and waits for it.

export interface TaskControl {
  readonly cancelled: boolean;
  /** Called on cancel(), to stop work in progress. */
  onCancel(stop: () => void): void;
}

interface Pending {
  control: { cancelled: boolean; stops: (() => void)[] };
  timer: NodeJS.Timeout | undefined;
  start: () => void;
  done: Promise<void>;
}

export class DeferredTask {
  #pending: Pending | null = null;
  #error: unknown = null;

  constructor(private readonly delayMs: number) {}

  /** Replaces the waiting or running task with `task`, started after the delay. */
  schedule(task: (control: TaskControl) => Promise<void>): void {
    void this.cancel();
    const control = { cancelled: false, stops: [] as (() => void)[] };
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    const pending: Pending = {
      control,
      timer: undefined,
      start,
      done: started
        .then(() => (control.cancelled ? undefined : task({ get cancelled() { return control.cancelled; }, onCancel: (stop) => control.stops.push(stop) })))
        .catch((error: unknown) => {
          if (!control.cancelled) this.#error = error;
        })
        .finally(() => {
          if (this.#pending === pending) this.#pending = null;
        }),
    };
    pending.timer = setTimeout(start, this.delayMs);
    pending.timer.unref();
    this.#pending = pending;
  }

  /** Cancels the waiting or running task; resolves when it has stopped. */
  cancel(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return Promise.resolve();
    this.#pending = null;
    clearTimeout(pending.timer);
    pending.control.cancelled = true;
    for (const stop of pending.control.stops) stop();
    // A task that never started settles at once, without running.
    pending.start();
    return pending.done;
  }

  /** Runs the waiting task now and waits for it; throws (once) what a task failed with. */
  async settle(): Promise<void> {
    for (let pending = this.#pending; pending; pending = this.#pending) {
      clearTimeout(pending.timer);
      pending.start();
      await pending.done;
    }
    const error = this.#error;
    this.#error = null;
    if (error !== null) throw error;
  }
}

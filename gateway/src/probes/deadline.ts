/**
 * What a probe's steps watch to stop: aborted once, with a reason. Not an AbortSignal: Node's is
 * an EventTarget, and a probe made one per run plus a listener per step (a sampling heap profile
 * of a gateway probing 333 checks a second put its deadline alone at ~2.5 kB a probe, 5.6 % of
 * all it allocated); this keeps a reason and the few callbacks of the step under way.
 */
export interface AbortWatch {
  readonly aborted: boolean;
  /** Why it aborted (an Error); undefined until then. */
  readonly reason: unknown;
  /** Calls `listener` once when it aborts; never when it already has (check `aborted` first). */
  on(listener: () => void): void;
  off(listener: () => void): void;
  throwIfAborted(): void;
}

/**
 * One probe's deadline: its own timeout joined with the caller's signal (shutdown, cancel).
 * `dispose()` once the probe is done: it clears the timer and leaves the caller's signal.
 */
export class Deadline implements AbortWatch {
  aborted = false;
  reason: unknown = undefined;
  /** True when our own timeout fired, as opposed to the caller cancelling. */
  timedOut = false;
  private listeners: (() => void)[] = [];
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly outer: AbortSignal | undefined;

  constructor(timeoutMs: number, outer?: AbortSignal) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort(new Error(`no answer within ${timeoutMs}ms`));
    }, timeoutMs);
    this.outer = outer;
    if (outer?.aborted) this.onOuterAbort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  private readonly onOuterAbort = () => this.abort(new Error('probe cancelled'));

  /** Aborts now with `reason`, calling every listener; later calls change nothing. */
  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  on(listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  off(listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  return new Deadline(timeoutMs, outer);
}

/** Rejects with the watch's reason as soon as it aborts; for steps that take no signal. */
export function abortable<T>(promise: Promise<T>, signal: AbortWatch): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.on(onAbort);
    promise.then(
      (value) => {
        signal.off(onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.off(onAbort);
        reject(error as Error);
      },
    );
  });
}

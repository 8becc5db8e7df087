import type { Clock } from '../clock.js';
import type { DeliveryAttempt, OutboxMessage, OutboxStore } from '../store/outbox-store.js';
import type { Notifier } from './channels/index.js';
import { configFailure } from './retry-classes.js';
import { DEFAULT_RETRY, nextStep, type RetryPolicy } from './retry-policy.js';
import type { Notification, SendOutcome } from './types.js';

export interface DeliveryLoopOptions {
  store: OutboxStore;
  /** Read on every attempt, so a config reload's channels apply to pending messages. */
  notifiers: () => ReadonlyMap<string, Notifier>;
  clock: Clock;
  retry?: RetryPolicy;
  /** Messages claimed per round; bounds memory with thousands pending. */
  batchSize?: number;
  /** Attempts in flight at once. */
  concurrency?: number;
  /** How long a claim holds; longer than any attempt (pagerduty: one request per alert). */
  leaseMs?: number;
  /** After each recorded attempt: SSE `alert`, metrics. */
  onAttempt?: (message: OutboxMessage, attempt: DeliveryAttempt) => void;
  onError?: (error: unknown) => void;
}

/**
 * Sends what the outbox holds, in the background. `enqueue` returns once the message is
 * written; sending happens on a later turn of the clock, so a slow or dead receiver never
 * delays the caller (the monitor, the API). One loop per gateway; the store's leases keep
 * several gateways from sending one message twice.
 */
export class DeliveryLoop {
  private readonly retry: RetryPolicy;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private wakeRequested = false;
  private stopped = true;

  constructor(private readonly options: DeliveryLoopOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  /** Starts sending, beginning with whatever was pending before a restart. */
  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Writes the message (durable before any attempt) and wakes the loop; does not send. */
  async enqueue(notification: Notification): Promise<OutboxMessage> {
    const message = await this.options.store.enqueue(notification, this.options.clock.now());
    this.wake();
    return message;
  }

  /** No new attempts; resolves when the ones in flight are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.arm(0);
  }

  private arm(delayMs: number): void {
    this.clearTimer();
    const { clock } = this.options;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      const run: Promise<void> = this.drain().finally(() => {
        if (this.running === run) this.running = undefined;
      });
      this.running = run;
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async drain(): Promise<void> {
    const { store, clock } = this.options;
    try {
      while (!this.stopped) {
        this.wakeRequested = false;
        const batch = await store.claimDue(clock.now(), this.batchSize, this.leaseMs);
        if (batch.length === 0) break;
        await inPool(batch, this.concurrency, (message) => this.attempt(message));
      }
      if (this.stopped) return;
      const due = await store.nextDueAt();
      if (this.wakeRequested) this.arm(0);
      else if (due !== undefined) this.arm(Math.max(0, due - clock.now()));
    } catch (error) {
      this.options.onError?.(error);
      // A store that failed once may work again: try again later rather than stall for good.
      if (!this.stopped) this.arm(this.retry.initialMs);
    }
  }

  private async attempt(message: OutboxMessage): Promise<void> {
    const { clock, store } = this.options;
    const { notification } = message;
    const at = new Date(clock.now()).toISOString();
    const notifier = this.options.notifiers().get(notification.channelId);
    let outcome: SendOutcome;
    if (!notifier)
      outcome = configFailure(`channel ${notification.channelId} is no longer configured`);
    else {
      try {
        outcome = await notifier.send(notification, at);
      } catch (error) {
        // Notifiers promise not to throw; one that does is a bug, not a reason to resend forever.
        outcome = configFailure(`notifier failed: ${(error as Error).message}`);
      }
    }
    const next = nextStep(
      outcome,
      message.attempts.length + 1,
      Date.parse(message.createdAt),
      clock.now(),
      this.retry,
    );
    const attempt: DeliveryAttempt = {
      at,
      outcome: next.state === 'pending' ? 'retrying' : next.state,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      ...(outcome.outcome === 'failed' ? { error: outcome.error } : {}),
    };
    await store.recordAttempt(notification.id, attempt, next);
    this.options.onAttempt?.(message, attempt);
  }
}

/** Runs `work` over items with at most `limit` at once. */
async function inPool<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

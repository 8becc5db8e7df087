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
  /** Messages claimed and waiting at most; bounds memory with thousands pending. */
  batchSize?: number;
  /** Attempts in flight at once. */
  concurrency?: number;
  /**
   * Attempts of one channel in flight at most (default 4), and each channel queues at most a
   * quarter of `batchSize`: a receiver that hangs until the timeout holds its own messages only.
   */
  perChannel?: number;
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
  private readonly perChannel: number;
  private readonly laneDepth: number;
  private readonly leaseMs: number;
  private timer: unknown;
  private filling: Promise<void> | undefined;
  private refill = false;
  private stopped = true;
  /** Claimed messages waiting for a slot, per channel (a lane): one slow channel fills only its own. */
  private readonly lanes = new Map<string, OutboxMessage[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly attempts = new Set<Promise<void>>();

  constructor(private readonly options: DeliveryLoopOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 8;
    this.perChannel = Math.min(options.perChannel ?? 4, this.concurrency);
    this.laneDepth = Math.max(this.perChannel, Math.ceil(this.batchSize / 4));
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

  /** No new attempts; resolves when the ones in flight are recorded and the queued are released. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.filling;
    while (this.attempts.size > 0) await Promise.all([...this.attempts]);
    const queued = [...this.lanes.values()]
      .flat()
      .map((m) => ({ id: m.notification.id, claim: m.claim }));
    this.lanes.clear();
    // Claimed but never tried: the next process may take them at once instead of after the lease.
    if (queued.length > 0) await this.options.store.release(queued);
  }

  private wake(): void {
    if (!this.stopped) this.arm(0);
  }

  private arm(delayMs: number): void {
    this.clearTimer();
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.fill();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Claims and launches what room allows; on wake, on the timer, and whenever an attempt ends. */
  private fill(): void {
    if (this.stopped) return;
    if (this.filling) {
      this.refill = true;
      return;
    }
    const run: Promise<void> = this.claimAndLaunch().finally(() => {
      if (this.filling === run) this.filling = undefined;
    });
    this.filling = run;
  }

  private async claimAndLaunch(): Promise<void> {
    const { store, clock } = this.options;
    try {
      do {
        this.refill = false;
        this.launchQueued();
        for (;;) {
          const room = this.batchSize - this.queuedCount();
          const full = [...this.lanes].filter(([, q]) => q.length >= this.laneDepth);
          if (this.stopped || room <= 0) break;
          const batch = await store.claimDue(clock.now(), room, this.leaseMs, {
            perChannel: this.laneDepth,
            skipChannels: full.map(([channel]) => channel),
          });
          for (const message of batch) this.laneOf(message.notification.channelId).push(message);
          this.launchQueued();
          if (batch.length === 0 || this.attempts.size >= this.concurrency) break;
        }
      } while (this.refill && !this.stopped);
      // Anything queued is launched as attempts end; only an idle loop needs the clock.
      if (this.stopped || this.queuedCount() > 0 || this.attempts.size >= this.concurrency) return;
      const due = await store.nextDueAt([...this.inFlight.keys()]);
      if (due !== undefined && !this.stopped) this.arm(Math.max(0, due - clock.now()));
    } catch (error) {
      this.options.onError?.(error);
      // A store that failed once may work again: try again later rather than stall for good.
      if (!this.stopped) this.arm(this.retry.initialMs);
    }
  }

  private launchQueued(): void {
    for (const [channel, queue] of this.lanes) {
      while (
        queue.length > 0 &&
        (this.inFlight.get(channel) ?? 0) < this.perChannel &&
        this.attempts.size < this.concurrency
      )
        this.launch(queue.shift()!);
      if (queue.length === 0) this.lanes.delete(channel);
    }
  }

  private laneOf(channel: string): OutboxMessage[] {
    let lane = this.lanes.get(channel);
    if (!lane) this.lanes.set(channel, (lane = []));
    return lane;
  }

  private queuedCount(): number {
    let count = 0;
    for (const queue of this.lanes.values()) count += queue.length;
    return count;
  }

  private launch(message: OutboxMessage): void {
    const channel = message.notification.channelId;
    this.inFlight.set(channel, (this.inFlight.get(channel) ?? 0) + 1);
    const attempt: Promise<void> = this.attempt(message)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        const left = (this.inFlight.get(channel) ?? 1) - 1;
        if (left > 0) this.inFlight.set(channel, left);
        else this.inFlight.delete(channel);
        this.attempts.delete(attempt);
        this.fill();
      });
    this.attempts.add(attempt);
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
    // with its claim: if the lease ran out and another gateway claimed the message meanwhile,
    // this report joins the history without ending that gateway's claim
    await store.recordAttempt(notification.id, attempt, next, message.claim);
    this.options.onAttempt?.(message, attempt);
  }
}

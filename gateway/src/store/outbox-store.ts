import type { Notification } from '../alerting/types.js';

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

/** One attempt to send one message (PRODUCT.md: `{at, outcome, status?, error?}`). */
export interface DeliveryAttempt {
  at: string;
  outcome: DeliveryOutcome;
  /** HTTP status or SMTP reply code, when the receiver answered. */
  status?: number;
  error?: string;
}

export type MessageState = 'pending' | 'delivered' | 'failed';

export interface OutboxMessage {
  notification: Notification;
  createdAt: string;
  state: MessageState;
  /** When the next attempt is due; null once delivered or failed for good. */
  nextAttemptAt: string | null;
  attempts: DeliveryAttempt[];
  /**
   * Set on the messages claimDue returns: the token of that claim. Passed back to recordAttempt
   * and release, it makes them act only while the claim is still this one, so a sender whose
   * lease ran out (another gateway claimed the message since) cannot end the new claim.
   */
  claim?: string;
}

/** A message to release, with the claim it was taken under (absent: whatever claim it has). */
export interface ClaimRef {
  id: string;
  claim?: string | undefined;
}

export interface ClaimOptions {
  /** At most this many messages of one channel per claim (default: no limit). */
  perChannel?: number;
  /** Channels to leave alone: their attempts are in flight (a hanging receiver holds only its own). */
  skipChannels?: readonly string[];
}

/** What happens after an attempt: try again at a time, or stop. */
export type NextStep =
  { state: 'pending'; nextAttemptAtMs: number } | { state: 'delivered' | 'failed' };

/**
 * The durable outbox of alert messages. A message is written before its first attempt and
 * every attempt is recorded, so pending messages survive a restart or kill -9 and each
 * alert's delivery history can be shown. SQLite now; Postgres passes the same suite
 * (outbox-store.suite.ts), claiming with FOR UPDATE SKIP LOCKED so each message goes out once
 * across gateways.
 */
export interface OutboxStore {
  /** Writes a pending message, due at once. */
  enqueue(notification: Notification, nowMs: number): Promise<OutboxMessage>;
  /**
   * Pending messages due at `nowMs`, oldest due first, leased for `leaseMs`: a claimed message
   * is not claimed again until its attempt is recorded or the lease runs out (a crashed sender).
   */
  claimDue(
    nowMs: number,
    limit: number,
    leaseMs: number,
    options?: ClaimOptions,
  ): Promise<OutboxMessage[]>;
  /** Ends the claims of messages not tried after all (a stopping loop's queue). */
  release(claims: readonly ClaimRef[]): Promise<void>;
  /**
   * Appends the attempt and moves the message on; the claim ends. A message already delivered or
   * failed keeps its state, and so does one claimed since under another token than `claim`: a
   * late report (a sender whose lease ran out) only joins its history. Without `claim`, the
   * message moves on whoever holds it.
   */
  recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    next: NextStep,
    claim?: string,
  ): Promise<void>;
  /** The earliest time a pending message of a channel not skipped can be claimed (ms), for the loop's timer. */
  nextDueAt(skipChannels?: readonly string[]): Promise<number | undefined>;
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Every message that carried the alert, oldest first. */
  messagesForAlert(alertId: string): Promise<OutboxMessage[]>;
  countPending(): Promise<number>;
  /** Drops delivered and failed messages created before `beforeMs`; resolves to how many. */
  prune(beforeMs: number): Promise<number>;
}

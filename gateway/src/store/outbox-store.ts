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
  claimDue(nowMs: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Appends the attempt and moves the message on; the claim ends. */
  recordAttempt(id: string, attempt: DeliveryAttempt, next: NextStep): Promise<void>;
  /** The earliest due time of a pending message that is not leased (ms), for the loop's timer. */
  nextDueAt(): Promise<number | undefined>;
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Every message that carried the alert, oldest first. */
  messagesForAlert(alertId: string): Promise<OutboxMessage[]>;
  countPending(): Promise<number>;
  /** Drops delivered and failed messages created before `beforeMs`; resolves to how many. */
  prune(beforeMs: number): Promise<number>;
}

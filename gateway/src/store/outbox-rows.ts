import type { Notification } from '../alerting/types.js';
import type { DeliveryAttempt, MessageState, OutboxMessage } from './outbox-store.js';

/**
 * Rows of `outbox_messages` and `outbox_attempts` as both the SQLite and the Postgres store read
 * them (times in ms). Each store keeps its own CREATE TABLE and queries.
 */
export interface MessageRow {
  id: string;
  notification: string;
  created_at: number;
  state: MessageState;
  next_attempt_at: number | null;
}

export interface AttemptRow {
  message_id: string;
  at: number;
  outcome: DeliveryAttempt['outcome'];
  status: number | null;
  error: string | null;
}

/** The attempt a row holds; absent fields stay absent, not null. */
export function attemptOf(row: AttemptRow): DeliveryAttempt {
  return {
    at: new Date(row.at).toISOString(),
    outcome: row.outcome,
    ...(row.status === null ? {} : { status: row.status }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/** The message a row holds, with its attempts in order. */
export function messageOf(row: MessageRow, attempts: DeliveryAttempt[]): OutboxMessage {
  return {
    notification: JSON.parse(row.notification) as Notification,
    createdAt: new Date(row.created_at).toISOString(),
    state: row.state,
    nextAttemptAt:
      row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    attempts,
  };
}

import type { Notification } from '../alerting/types.js';
import type { DeliveryAttempt, MessageState, OutboxMessage } from './outbox-store.js';
import { SQL_TYPES, type SqlDatabase } from './sql-dialect.js';

/** What the outbox tables say differently on SQLite and on Postgres. */
const OUTBOX_DIALECT = {
  sqlite: { dueIndex: '', alertsByMessage: '' },
  // a claim reads each channel's due rows in claim order straight off the index (see
  // pg-outbox-store.ts); the cascade of a pruned message finds its alert links by message
  postgres: {
    dueIndex: ', created_at, id',
    alertsByMessage:
      '\n  CREATE INDEX outbox_message_alerts_message ON outbox_message_alerts (message_id);',
  },
};

/**
 * The steps of the outbox domain on one database, applied in order by its migrate; step 1 is the
 * same tables on both (times in ms; ids sort bytewise on ties). Applied steps never change:
 * append new ones (migrate.ts, pg-migrate.ts).
 */
export function outboxMigrations(database: SqlDatabase): string[] {
  const { sortedId: id, ms: time } = SQL_TYPES[database];
  const { dueIndex, alertsByMessage } = OUTBOX_DIALECT[database];
  return [
    `CREATE TABLE outbox_messages (
    id ${id} PRIMARY KEY,
    channel_id TEXT NOT NULL,
    notification TEXT NOT NULL,
    created_at ${time} NOT NULL,
    state TEXT NOT NULL,
    next_attempt_at ${time},
    claimed_until ${time}
  );
  CREATE INDEX outbox_messages_due ON outbox_messages (channel_id, next_attempt_at${dueIndex})
    WHERE state = 'pending';
  CREATE TABLE outbox_attempts (
    message_id ${id} NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at ${time} NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    PRIMARY KEY (message_id, seq)
  );
  CREATE TABLE outbox_message_alerts (
    alert_id TEXT NOT NULL,
    message_id ${id} NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
    PRIMARY KEY (alert_id, message_id)
  );${alertsByMessage}`,
    // the token of the current claim: only its holder moves the message on or releases it
    `ALTER TABLE outbox_messages ADD COLUMN claim_token TEXT;`,
  ];
}

/**
 * Rows of `outbox_messages` and `outbox_attempts` as both the SQLite and the Postgres store read
 * them (times in ms). Each store keeps its own queries.
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

/**
 * The order due messages are claimed in, on both stores: the earliest due first, then the oldest,
 * then by id (bytewise).
 */
export function claimOrder(
  a: Pick<MessageRow, 'id' | 'next_attempt_at' | 'created_at'>,
  b: Pick<MessageRow, 'id' | 'next_attempt_at' | 'created_at'>,
): number {
  return (
    a.next_attempt_at! - b.next_attempt_at! || a.created_at - b.created_at || (a.id < b.id ? -1 : 1)
  );
}

/** The attempt a row holds; absent fields stay absent, not null. */
function attemptOf(row: AttemptRow): DeliveryAttempt {
  return {
    at: new Date(row.at).toISOString(),
    outcome: row.outcome,
    ...(row.status === null ? {} : { status: row.status }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/**
 * The messages `rows` hold, in their order, each with its attempts: those of `attempts` (read in
 * seq order) that name it.
 */
export function messagesOf(
  rows: readonly MessageRow[],
  attempts: readonly AttemptRow[],
): OutboxMessage[] {
  const byMessage = new Map<string, DeliveryAttempt[]>();
  for (const a of attempts) {
    const list = byMessage.get(a.message_id) ?? [];
    list.push(attemptOf(a));
    byMessage.set(a.message_id, list);
  }
  return rows.map((row) => ({
    notification: JSON.parse(row.notification) as Notification,
    createdAt: new Date(row.created_at).toISOString(),
    state: row.state,
    nextAttemptAt:
      row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    attempts: byMessage.get(row.id) ?? [],
  }));
}

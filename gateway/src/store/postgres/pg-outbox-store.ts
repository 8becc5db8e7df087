import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Notification } from '../../alerting/types.js';
import type {
  ClaimOptions,
  ClaimRef,
  DeliveryAttempt,
  NextStep,
  OutboxMessage,
  OutboxStore,
} from '../outbox-store.js';
import {
  claimOrder,
  messagesOf,
  outboxMigrations,
  type AttemptRow,
  type MessageRow,
} from '../outbox-rows.js';
import { PgStore, pgStoreOpener } from './pg-store.js';
import { inTransaction } from './pg-transaction.js';

/**
 * Claims due messages for one gateway: per channel at most `perChannel` rows that are neither
 * leased nor locked by another gateway's claim in flight (FOR UPDATE SKIP LOCKED), the oldest due
 * of them up to `limit`, leased until $5. One statement: a row another gateway leased meanwhile is
 * re-checked under its lock and dropped, so a message is claimed by one gateway at a time; a lease
 * that ran out (the claimer died) makes it claimable again.
 *
 * Both steps walk the pending index (channel, due, created, id) instead of the backlog: the
 * channels with something due are found by skipping from one channel to the next (a recursive
 * probe per channel, not a DISTINCT over 10,000 rows), and each channel's rows are read in claim
 * order, so a claim stops after the rows it takes.
 */
const CLAIM = `
  WITH RECURSIVE due_channels (channel_id) AS (
    (SELECT channel_id FROM outbox_messages
     WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY channel_id LIMIT 1)
    UNION ALL
    SELECT (SELECT n.channel_id FROM outbox_messages n
            WHERE n.state = 'pending' AND n.next_attempt_at <= $1 AND n.channel_id > d.channel_id
            ORDER BY n.channel_id LIMIT 1)
    FROM due_channels d WHERE d.channel_id IS NOT NULL
  ),
  picked AS (
    SELECT m.id FROM due_channels c
    CROSS JOIN LATERAL (
      SELECT id, next_attempt_at, created_at FROM outbox_messages
      WHERE state = 'pending' AND channel_id = c.channel_id AND next_attempt_at <= $1
        AND (claimed_until IS NULL OR claimed_until <= $1)
      ORDER BY next_attempt_at, created_at, id
      LIMIT $3
      FOR UPDATE SKIP LOCKED
    ) m
    WHERE c.channel_id IS NOT NULL AND c.channel_id <> ALL ($4::text[])
    ORDER BY m.next_attempt_at, m.created_at, m.id
    LIMIT $2
  )
  UPDATE outbox_messages o SET claimed_until = $5, claim_token = $6 FROM picked WHERE o.id = picked.id
  RETURNING o.id, o.notification, o.created_at, o.state, o.next_attempt_at`;

/**
 * The alert outbox in Postgres, shared by every gateway: a message is claimed by one of them
 * (a lease in `claimed_until`), not broadcast, so each message goes out once.
 */
export class PgOutboxStore extends PgStore implements OutboxStore {
  /** Migrates the outbox domain and returns the store. */
  static readonly open = pgStoreOpener('outbox', outboxMigrations('postgres'), PgOutboxStore);

  async enqueue(notification: Notification, nowMs: number): Promise<OutboxMessage> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO outbox_messages (id, channel_id, notification, created_at, state, next_attempt_at)
         VALUES ($1, $2, $3, $4, 'pending', $4)`,
        [notification.id, notification.channelId, JSON.stringify(notification), nowMs],
      );
      await client.query(
        `INSERT INTO outbox_message_alerts (alert_id, message_id)
         SELECT alert_id, $2 FROM unnest($1::text[]) AS a (alert_id) ON CONFLICT DO NOTHING`,
        [notification.alerts.map((alert) => alert.id), notification.id],
      );
    });
    return (await this.get(notification.id))!;
  }

  async claimDue(
    nowMs: number,
    limit: number,
    leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<OutboxMessage[]> {
    if (limit <= 0) return [];
    const perChannel = Math.min(options.perChannel ?? limit, limit);
    const claim = randomUUID();
    const { rows } = await this.pool.query<MessageRow>(CLAIM, [
      nowMs,
      limit,
      perChannel,
      [...(options.skipChannels ?? [])],
      nowMs + leaseMs,
      claim,
    ]);
    // RETURNING has no order of its own
    rows.sort(claimOrder);
    return (await this.read(this.pool, rows)).map((message) => ({ ...message, claim }));
  }

  async release(claims: readonly ClaimRef[]): Promise<void> {
    if (claims.length === 0) return;
    await this.pool.query(
      `UPDATE outbox_messages o SET claimed_until = NULL, claim_token = NULL
         FROM unnest($1::text[], $2::text[]) AS r (id, claim)
        WHERE o.id = r.id AND o.state = 'pending' AND (r.claim IS NULL OR o.claim_token = r.claim)`,
      [claims.map((c) => c.id), claims.map((c) => c.claim ?? null)],
    );
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    next: NextStep,
    claim?: string,
  ): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // the message's row lock orders attempts recorded for it (seq) across gateways
      await client.query('SELECT 1 FROM outbox_messages WHERE id = $1 FOR UPDATE', [id]);
      await client.query(
        `INSERT INTO outbox_attempts (message_id, seq, at, outcome, status, error)
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM outbox_attempts WHERE message_id = $1`,
        [
          id,
          Date.parse(attempt.at),
          attempt.outcome,
          attempt.status ?? null,
          attempt.error ?? null,
        ],
      );
      // a finished message stays finished: the late attempt of a gateway whose lease ran out
      // (paused, then resumed after another sent it) only adds to its history
      // and a claim taken over by another gateway stays with it
      await client.query(
        `UPDATE outbox_messages SET state = $1, next_attempt_at = $2, claimed_until = NULL,
                claim_token = NULL
         WHERE id = $3 AND state = 'pending' AND ($4::text IS NULL OR claim_token = $4)`,
        [next.state, next.state === 'pending' ? next.nextAttemptAtMs : null, id, claim ?? null],
      );
    });
  }

  async nextDueAt(skipChannels: readonly string[] = []): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      `SELECT MIN(GREATEST(next_attempt_at, COALESCE(claimed_until, 0))) AS at
       FROM outbox_messages WHERE state = 'pending' AND channel_id <> ALL ($1::text[])`,
      [[...skipChannels]],
    );
    return rows[0]?.at ?? undefined;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const { rows } = await this.pool.query<MessageRow>(
      'SELECT id, notification, created_at, state, next_attempt_at FROM outbox_messages WHERE id = $1',
      [id],
    );
    return (await this.read(this.pool, rows))[0];
  }

  async messagesForAlert(alertId: string): Promise<OutboxMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT m.id, m.notification, m.created_at, m.state, m.next_attempt_at
       FROM outbox_messages m JOIN outbox_message_alerts a ON a.message_id = m.id
       WHERE a.alert_id = $1 ORDER BY m.created_at, m.id`,
      [alertId],
    );
    return this.read(this.pool, rows);
  }

  async countPending(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM outbox_messages WHERE state = 'pending'`,
    );
    return rows[0]!.n;
  }

  async prune(beforeMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM outbox_messages WHERE state IN ('delivered', 'failed') AND created_at < $1`,
      [beforeMs],
    );
    return rowCount ?? 0;
  }

  /** The messages of `rows`, in their order, each with its attempts (one query for all). */
  private async read(db: pg.Pool, rows: MessageRow[]): Promise<OutboxMessage[]> {
    if (rows.length === 0) return [];
    const attempts = await db.query<AttemptRow>(
      `SELECT message_id, at, outcome, status, error FROM outbox_attempts
       WHERE message_id = ANY ($1::text[]) ORDER BY message_id, seq`,
      [rows.map((row) => row.id)],
    );
    return messagesOf(rows, attempts.rows);
  }
}

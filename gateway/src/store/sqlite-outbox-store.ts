import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Notification } from '../alerting/types.js';
import { migrate } from './migrate.js';
import {
  claimOrder,
  messagesOf,
  outboxMigrations,
  type AttemptRow,
  type MessageRow,
} from './outbox-rows.js';
import type {
  ClaimOptions,
  ClaimRef,
  DeliveryAttempt,
  NextStep,
  OutboxMessage,
  OutboxStore,
} from './outbox-store.js';

export class SqliteOutboxStore implements OutboxStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    migrate(db, 'outbox', outboxMigrations('sqlite'));
    this.statements = {
      insert: db.prepare(
        `INSERT INTO outbox_messages (id, channel_id, notification, created_at, state, next_attempt_at)
         VALUES (?, ?, ?, ?, 'pending', ?)`,
      ),
      link: db.prepare(
        'INSERT OR IGNORE INTO outbox_message_alerts (alert_id, message_id) VALUES (?, ?)',
      ),
      dueChannels: db.prepare(
        `SELECT DISTINCT channel_id AS channel FROM outbox_messages
         WHERE state = 'pending' AND next_attempt_at <= ?`,
      ),
      dueOfChannel: db.prepare(
        `SELECT id, next_attempt_at, created_at FROM outbox_messages
         WHERE state = 'pending' AND channel_id = @channel AND next_attempt_at <= @now
           AND (claimed_until IS NULL OR claimed_until <= @now)
         ORDER BY next_attempt_at, created_at, id LIMIT @limit`,
      ),
      claim: db.prepare(
        'UPDATE outbox_messages SET claimed_until = ?, claim_token = ? WHERE id = ?',
      ),
      release: db.prepare(
        `UPDATE outbox_messages SET claimed_until = NULL, claim_token = NULL
         WHERE id = @id AND state = 'pending' AND (@claim IS NULL OR claim_token = @claim)`,
      ),
      nextSeq: db.prepare(
        'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM outbox_attempts WHERE message_id = ?',
      ),
      attempt: db.prepare(
        `INSERT INTO outbox_attempts (message_id, seq, at, outcome, status, error)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      // a finished message stays finished: a late attempt of a lost claim only adds to its history
      // and a claim taken over by another sender stays with it
      move: db.prepare(
        `UPDATE outbox_messages SET state = @state, next_attempt_at = @next,
                claimed_until = NULL, claim_token = NULL
         WHERE id = @id AND state = 'pending' AND (@claim IS NULL OR claim_token = @claim)`,
      ),
      nextDue: db.prepare(
        `SELECT MIN(MAX(next_attempt_at, COALESCE(claimed_until, 0))) AS at
         FROM outbox_messages WHERE state = 'pending'
           AND channel_id NOT IN (SELECT value FROM json_each(?))`,
      ),
      get: db.prepare('SELECT * FROM outbox_messages WHERE id = ?'),
      forAlert: db.prepare(
        `SELECT m.* FROM outbox_messages m JOIN outbox_message_alerts a ON a.message_id = m.id
         WHERE a.alert_id = ? ORDER BY m.created_at, m.id`,
      ),
      attempts: db.prepare('SELECT * FROM outbox_attempts WHERE message_id = ? ORDER BY seq'),
      pending: db.prepare("SELECT COUNT(*) AS n FROM outbox_messages WHERE state = 'pending'"),
      prune: db.prepare(
        "DELETE FROM outbox_messages WHERE state IN ('delivered', 'failed') AND created_at < ?",
      ),
    };
  }

  async enqueue(notification: Notification, nowMs: number): Promise<OutboxMessage> {
    const s = this.statements;
    this.db.transaction(() => {
      s.insert.run(
        notification.id,
        notification.channelId,
        JSON.stringify(notification),
        nowMs,
        nowMs,
      );
      for (const alert of notification.alerts) s.link.run(alert.id, notification.id);
    })();
    return (await this.get(notification.id))!;
  }

  async claimDue(
    nowMs: number,
    limit: number,
    leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<OutboxMessage[]> {
    const s = this.statements;
    const skip = new Set(options.skipChannels ?? []);
    const perChannel = Math.min(options.perChannel ?? limit, limit);
    const claim = randomUUID();
    // Per channel through the (channel_id, next_attempt_at) index: a window over every pending
    // row cost a sort of all 10,000 per claim.
    const ids = this.db.transaction(() => {
      const rows: Pick<MessageRow, 'id' | 'next_attempt_at' | 'created_at'>[] = [];
      for (const { channel } of s.dueChannels.all(nowMs) as { channel: string }[])
        if (!skip.has(channel))
          rows.push(
            ...(s.dueOfChannel.all({ channel, now: nowMs, limit: perChannel }) as typeof rows),
          );
      rows.sort(claimOrder);
      const taken = rows.slice(0, limit);
      for (const row of taken) s.claim.run(nowMs + leaseMs, claim, row.id);
      return taken.map((row) => row.id);
    })();
    return ids.map((id) => ({ ...this.read(s.get.get(id) as MessageRow), claim }));
  }

  async release(claims: readonly ClaimRef[]): Promise<void> {
    const { release } = this.statements;
    this.db.transaction(() => {
      for (const { id, claim } of claims) release.run({ id, claim: claim ?? null });
    })();
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    next: NextStep,
    claim?: string,
  ): Promise<void> {
    const s = this.statements;
    this.db.transaction(() => {
      const { seq } = s.nextSeq.get(id) as { seq: number };
      s.attempt.run(
        id,
        seq,
        Date.parse(attempt.at),
        attempt.outcome,
        attempt.status ?? null,
        attempt.error ?? null,
      );
      s.move.run({
        state: next.state,
        next: next.state === 'pending' ? next.nextAttemptAtMs : null,
        id,
        claim: claim ?? null,
      });
    })();
  }

  async nextDueAt(skipChannels: readonly string[] = []): Promise<number | undefined> {
    const row = this.statements.nextDue.get(JSON.stringify(skipChannels)) as { at: number | null };
    return row.at ?? undefined;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const row = this.statements.get.get(id) as MessageRow | undefined;
    return row ? this.read(row) : undefined;
  }

  async messagesForAlert(alertId: string): Promise<OutboxMessage[]> {
    return (this.statements.forAlert.all(alertId) as MessageRow[]).map((row) => this.read(row));
  }

  async countPending(): Promise<number> {
    return (this.statements.pending.get() as { n: number }).n;
  }

  async prune(beforeMs: number): Promise<number> {
    return this.statements.prune.run(beforeMs).changes;
  }

  private read(row: MessageRow): OutboxMessage {
    return messagesOf([row], this.statements.attempts.all(row.id) as AttemptRow[])[0]!;
  }
}

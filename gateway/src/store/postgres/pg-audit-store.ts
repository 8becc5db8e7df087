import type pg from 'pg';
import type { AuditEntry } from '@aether/contract';
import type {
  AuditFilter,
  AuditMark,
  AuditMarkName,
  AuditPage,
  AuditScanFilter,
  AuditStore,
  AuditTail,
} from '../domain/audit-store.js';
import { AUDIT_SCAN_PAGE, auditPageOf, auditWhere, scanInPages } from '../domain/audit-reads.js';
import {
  AUDIT_COLUMNS,
  auditEntryOf,
  auditRowValues,
  auditTable,
  type AuditRow,
} from '../domain/audit-schema.js';
import { PgStore, pgStoreOpener } from './pg-store.js';
import { inTransaction } from './pg-transaction.js';

/**
 * Steps of the audit domain on Postgres; append only (see pg-migrate.ts). `at` is UTC ISO text
 * compared bytewise (COLLATE "C"), so text order is time order whatever the database's locale.
 * A statement trigger refuses UPDATE, DELETE and TRUNCATE; only archiveThrough lifts it for the
 * DELETE of its own transaction (a transaction-local setting), so no lock on the table is needed.
 */
const AUDIT_MIGRATIONS = [
  `${auditTable('postgres')}
   CREATE TABLE audit_marks (
     name TEXT PRIMARY KEY,
     id BIGINT NOT NULL,
     hash TEXT NOT NULL,
     mac TEXT NOT NULL
   );
   CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'DELETE' AND current_setting('aether.audit_archiving', true) = 'on' THEN
       RETURN NULL;
     END IF;
     RAISE EXCEPTION 'the audit trail is append-only';
   END $$;
   CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
     FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();`,
];

/** One lock for every gateway on the database: appends to the chain take turns. */
const APPEND_LOCK = `SELECT pg_advisory_xact_lock(hashtext('aether:audit-append'))`;

const COLUMNS = AUDIT_COLUMNS.join(', ');

/**
 * The audit trail in Postgres, one chain for every gateway of a system: appending takes a
 * transaction-level advisory lock before it reads the tail, so two gateways appending at once
 * link one after the other and never fork the chain.
 */
export class PgAuditStore extends PgStore implements AuditStore {
  /** One chain for every gateway: the signed head is written with each append, in the database. */
  readonly sharedHead = true;

  /** Migrates the audit domain and returns the store. */
  static readonly open = pgStoreOpener('audit', AUDIT_MIGRATIONS, PgAuditStore);

  async appendLinked(
    link: (tail: AuditTail | undefined) => AuditEntry,
    signHead?: (entry: AuditEntry) => AuditMark,
  ): Promise<AuditEntry> {
    return inTransaction(this.pool, async (client) => {
      await client.query(APPEND_LOCK);
      // read after the lock: this statement's snapshot holds the previous holder's commit
      const { rows } = await client.query<AuditTail>(
        'SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1',
      );
      const entry = link(rows[0]);
      await client.query(
        `INSERT INTO audit (${COLUMNS}) VALUES (${AUDIT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        auditRowValues(entry),
      );
      // under the append lock: the head row always names the newest entry, whoever appended it
      if (signHead) await setMark(client, 'head', signHead(entry));
      return entry;
    });
  }

  async page(filter: AuditFilter): Promise<AuditPage> {
    const { where, values } = auditWhere(filter, pgPlaceholder);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit ${where} ORDER BY id DESC LIMIT $${values.length + 1}`,
      [...values, filter.limit + 1],
    );
    return auditPageOf(rows, filter.limit);
  }

  async slice(after: number, through: number, limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
      [after, through, limit],
    );
    return rows.map(auditEntryOf);
  }

  async tail(): Promise<AuditTail | undefined> {
    const { rows } = await this.pool.query<AuditTail>(
      'SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1',
    );
    return rows[0];
  }

  async get(id: number): Promise<AuditEntry | undefined> {
    const { rows } = await this.pool.query<AuditRow>(`SELECT ${COLUMNS} FROM audit WHERE id = $1`, [
      id,
    ]);
    return rows[0] && auditEntryOf(rows[0]);
  }

  async mark(name: AuditMarkName): Promise<AuditMark | undefined> {
    const { rows } = await this.pool.query<AuditMark>(
      'SELECT id, hash, mac FROM audit_marks WHERE name = $1',
      [name],
    );
    return rows[0];
  }

  async setMark(name: AuditMarkName, mark: AuditMark): Promise<void> {
    await setMark(this.pool, name, mark);
  }

  async archiveThrough(boundary: AuditMark): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await client.query(`SELECT set_config('aether.audit_archiving', 'on', true)`);
      const { rowCount } = await client.query('DELETE FROM audit WHERE id <= $1', [boundary.id]);
      await client.query(`SELECT set_config('aether.audit_archiving', 'off', true)`);
      await setMark(client, 'boundary', boundary);
      return rowCount ?? 0;
    });
  }

  scan(filter: AuditScanFilter = {}): AsyncGenerator<AuditEntry> {
    const { where, values } = auditWhere(filter, pgPlaceholder, { afterId: true });
    const sql = `SELECT ${COLUMNS} FROM audit ${where} ORDER BY id LIMIT ${AUDIT_SCAN_PAGE}`;
    return scanInPages(
      async (after) => (await this.pool.query<AuditRow>(sql, [...values, after])).rows,
    );
  }
}

const pgPlaceholder = (n: number) => `$${n}`;

async function setMark(
  db: pg.Pool | pg.PoolClient,
  name: AuditMarkName,
  mark: AuditMark,
): Promise<void> {
  // the checkpoint only moves forward: a gateway finishing a verify of an older head after
  // another one verified a newer head must not lower it
  await db.query(
    `INSERT INTO audit_marks (name, id, hash, mac) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET id = excluded.id, hash = excluded.hash, mac = excluded.mac
     WHERE audit_marks.name <> 'checkpoint' OR excluded.id >= audit_marks.id`,
    [name, mark.id, mark.hash, mark.mac],
  );
}

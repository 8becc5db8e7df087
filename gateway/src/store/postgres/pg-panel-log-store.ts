import type pg from 'pg';
import type { PanelLogRow, PanelLogStore } from '../domain/panel-log-store.js';
import { panelLogFromRow, type PanelLogDbRow } from '../domain/panel-log-schema.js';
import { migratePg } from './pg-migrate.js';
import './pg-pool.js'; // BIGINT columns come back as numbers

/** Steps of the panels domain on Postgres; append only (see pg-migrate.ts). */
const PANEL_LOG_MIGRATIONS = [
  `CREATE TABLE panel_log (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    panel_id TEXT NOT NULL,
    title TEXT NOT NULL,
    version TEXT NOT NULL,
    entry TEXT NOT NULL,
    module TEXT NOT NULL,
    integrity TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX panel_log_by_panel ON panel_log (panel_id, seq);`,
];

/** The panel registry's log in Postgres (table `panel_log`): one registry for every gateway. */
export class PgPanelLogStore implements PanelLogStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Migrates the panels domain and returns the store. */
  static async open(pool: pg.Pool): Promise<PgPanelLogStore> {
    await migratePg(pool, 'panels', PANEL_LOG_MIGRATIONS);
    return new PgPanelLogStore(pool);
  }

  async append(row: Omit<PanelLogRow, 'seq'>): Promise<PanelLogRow> {
    const { rows } = await this.pool.query<{ seq: number }>(
      `INSERT INTO panel_log (panel_id, title, version, entry, module, integrity, disabled, action, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq`,
      [
        row.panelId,
        row.title,
        row.version,
        row.entry,
        row.module,
        row.integrity,
        row.disabled,
        row.action,
        row.actor,
        row.at,
      ],
    );
    return { ...row, seq: rows[0]!.seq };
  }

  async rows(panelId: string): Promise<PanelLogRow[]> {
    const { rows } = await this.pool.query<PanelLogDbRow>(
      'SELECT * FROM panel_log WHERE panel_id = $1 ORDER BY seq',
      [panelId],
    );
    return rows.map(panelLogFromRow);
  }

  async latest(): Promise<PanelLogRow[]> {
    const { rows } = await this.pool.query<PanelLogDbRow>(
      `SELECT l.* FROM panel_log l
       JOIN (SELECT panel_id, MAX(seq) AS last, MIN(seq) AS first FROM panel_log GROUP BY panel_id) g
         ON l.panel_id = g.panel_id AND l.seq = g.last
       ORDER BY g.first`,
    );
    return rows.map(panelLogFromRow);
  }
}

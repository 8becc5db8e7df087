import type { PanelLogRow, PanelLogStore } from '../domain/panel-log-store.js';
import { panelLogFromRow, panelLogTable, type PanelLogDbRow } from '../domain/panel-log-schema.js';
import { PgStore, pgStoreOpener } from './pg-store.js';

/** The panel registry's log in Postgres (table `panel_log`): one registry for every gateway. */
export class PgPanelLogStore extends PgStore implements PanelLogStore {
  /** Migrates the panels domain and returns the store. */
  static readonly open = pgStoreOpener('panels', [panelLogTable('postgres')], PgPanelLogStore);

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

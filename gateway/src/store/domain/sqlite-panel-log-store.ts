import type Database from 'better-sqlite3';
import { migrate } from '../migrate.js';
import type { PanelLogRow, PanelLogStore } from './panel-log-store.js';
import { panelLogFromRow, panelLogTable, type PanelLogDbRow } from './panel-log-schema.js';

/** The panel log in the shared SQLite file (table `panel_log`). */
export class SqlitePanelLogStore implements PanelLogStore {
  private readonly insert: Database.Statement;
  private readonly byPanel: Database.Statement<[string], PanelLogDbRow>;
  private readonly last: Database.Statement<[], PanelLogDbRow>;

  constructor(db: Database.Database) {
    migrate(db, 'panels', [panelLogTable('sqlite')]);
    this.insert = db.prepare(
      `INSERT INTO panel_log (panel_id, title, version, entry, module, integrity, disabled, action, actor, at)
       VALUES (@panelId, @title, @version, @entry, @module, @integrity, @disabled, @action, @actor, @at)`,
    );
    this.byPanel = db.prepare('SELECT * FROM panel_log WHERE panel_id = ? ORDER BY seq');
    this.last = db.prepare(
      `SELECT l.* FROM panel_log l
       JOIN (SELECT panel_id, MAX(seq) AS last, MIN(seq) AS first FROM panel_log GROUP BY panel_id) g
         ON l.panel_id = g.panel_id AND l.seq = g.last
       ORDER BY g.first`,
    );
  }

  async append(row: Omit<PanelLogRow, 'seq'>): Promise<PanelLogRow> {
    const { lastInsertRowid } = this.insert.run({ ...row, disabled: row.disabled ? 1 : 0 });
    return { ...row, seq: Number(lastInsertRowid) };
  }

  async rows(panelId: string): Promise<PanelLogRow[]> {
    return this.byPanel.all(panelId).map(panelLogFromRow);
  }

  async latest(): Promise<PanelLogRow[]> {
    return this.last.all().map(panelLogFromRow);
  }
}

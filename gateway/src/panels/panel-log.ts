import type Database from 'better-sqlite3';
import { migrate } from '../store/index.js';

/**
 * The registry's storage: an append-only log, one row per change of a panel. Each row carries
 * the whole entry as it is after that change, so the current state is the panel's last row,
 * the history is its rows, and a rollback is a new row copying an old one.
 */
export interface PanelLogRow {
  seq: number;
  panelId: string;
  title: string;
  version: string;
  entry: string;
  module: string;
  integrity: string | null;
  disabled: boolean;
  action: 'config' | 'register' | 'rollback' | 'disable' | 'enable';
  actor: string;
  at: string;
}

const STEPS = [
  `CREATE TABLE panel_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id TEXT NOT NULL,
    title TEXT NOT NULL,
    version TEXT NOT NULL,
    entry TEXT NOT NULL,
    module TEXT NOT NULL,
    integrity TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX panel_log_by_panel ON panel_log (panel_id, seq);`,
];

interface RawRow extends Omit<PanelLogRow, 'panelId' | 'disabled'> {
  panel_id: string;
  disabled: number;
}

const toRow = (raw: RawRow): PanelLogRow => ({
  seq: raw.seq,
  panelId: raw.panel_id,
  title: raw.title,
  version: raw.version,
  entry: raw.entry,
  module: raw.module,
  integrity: raw.integrity,
  disabled: raw.disabled === 1,
  action: raw.action,
  actor: raw.actor,
  at: raw.at,
});

export interface PanelLog {
  append(row: Omit<PanelLogRow, 'seq'>): PanelLogRow;
  /** Every row of one panel, oldest first. */
  rows(panelId: string): PanelLogRow[];
  /** The last row of every panel, in order of first appearance. */
  latest(): PanelLogRow[];
}

export function createPanelLog(db: Database.Database): PanelLog {
  migrate(db, 'panels', STEPS);
  const insert = db.prepare(
    `INSERT INTO panel_log (panel_id, title, version, entry, module, integrity, disabled, action, actor, at)
     VALUES (@panelId, @title, @version, @entry, @module, @integrity, @disabled, @action, @actor, @at)`,
  );
  const byPanel = db.prepare('SELECT * FROM panel_log WHERE panel_id = ? ORDER BY seq');
  const latest = db.prepare(
    `SELECT l.* FROM panel_log l
     JOIN (SELECT panel_id, MAX(seq) AS last, MIN(seq) AS first FROM panel_log GROUP BY panel_id) g
       ON l.panel_id = g.panel_id AND l.seq = g.last
     ORDER BY g.first`,
  );
  return {
    append(row) {
      const { lastInsertRowid } = insert.run({ ...row, disabled: row.disabled ? 1 : 0 });
      return { ...row, seq: Number(lastInsertRowid) };
    },
    rows: (panelId) => (byPanel.all(panelId) as RawRow[]).map(toRow),
    latest: () => (latest.all() as RawRow[]).map(toRow),
  };
}

import type { PanelLogRow } from './panel-log-store.js';

/**
 * A row of `panel_log` as both stores read it: `disabled` is 0/1 on SQLite and a BOOLEAN on
 * Postgres.
 */
export interface PanelLogDbRow extends Omit<PanelLogRow, 'panelId' | 'disabled'> {
  panel_id: string;
  disabled: number | boolean;
}

export const panelLogFromRow = (raw: PanelLogDbRow): PanelLogRow => ({
  seq: raw.seq,
  panelId: raw.panel_id,
  title: raw.title,
  version: raw.version,
  entry: raw.entry,
  module: raw.module,
  integrity: raw.integrity,
  disabled: raw.disabled === true || raw.disabled === 1,
  action: raw.action,
  actor: raw.actor,
  at: raw.at,
});

/** What step 1 of the panels domain says differently on SQLite and on Postgres. */
const PANEL_LOG_DIALECT = {
  sqlite: { seq: 'INTEGER PRIMARY KEY AUTOINCREMENT', flag: 'INTEGER NOT NULL DEFAULT 0' },
  postgres: {
    seq: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    flag: 'BOOLEAN NOT NULL DEFAULT FALSE',
  },
};

/** Step 1 of the panels domain, the same table on both databases. Applied steps never change. */
export function panelLogTable(database: keyof typeof PANEL_LOG_DIALECT): string {
  const { seq, flag } = PANEL_LOG_DIALECT[database];
  return `CREATE TABLE panel_log (
    seq ${seq},
    panel_id TEXT NOT NULL,
    title TEXT NOT NULL,
    version TEXT NOT NULL,
    entry TEXT NOT NULL,
    module TEXT NOT NULL,
    integrity TEXT,
    disabled ${flag},
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX panel_log_by_panel ON panel_log (panel_id, seq);`;
}

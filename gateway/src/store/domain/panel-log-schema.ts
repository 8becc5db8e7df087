import type { PanelLogRow } from './panel-log-store.js';

/**
 * A row of `panel_log` as both stores read it: `disabled` is 0/1 on SQLite and a BOOLEAN on
 * Postgres. Each store keeps its own CREATE TABLE.
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

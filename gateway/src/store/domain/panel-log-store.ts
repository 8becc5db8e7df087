/**
 * One change of a panel in the registry's append-only log. Each row carries the whole entry as it
 * is after that change, so the current state is the panel's last row, the history is its rows,
 * and a rollback is a new row copying an old one.
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

/** The panel registry's storage. */
export interface PanelLogStore {
  /** Appends a row; `seq` grows with every append. */
  append(row: Omit<PanelLogRow, 'seq'>): Promise<PanelLogRow>;
  /** Every row of one panel, oldest first. */
  rows(panelId: string): Promise<PanelLogRow[]>;
  /** The last row of every panel, in order of first appearance. */
  latest(): Promise<PanelLogRow[]>;
}

import type { Panel, PanelHistoryEntry, PanelRegistration } from '@aether/contract';

/** The panel registry: config entries plus versions registered at runtime, persisted with history. */
export interface PanelRegistry {
  list(): Panel[];
  get(id: string): Panel | undefined;
  register(id: string, registration: PanelRegistration, actor: string): Panel;
  history(id: string): PanelHistoryEntry[];
  rollback(id: string, version: string | undefined, actor: string): Panel;
  setDisabled(id: string, disabled: boolean, actor: string): Panel;
  /** Origins of every enabled panel entry, for the shell's CSP and CORS. */
  origins(): string[];
}

import type { Panel, PanelHistoryEntry, PanelRegistration } from '@aether/contract';

/** The panel registry: config entries plus versions registered at runtime, persisted with history. */
export interface PanelRegistry {
  list(): Promise<Panel[]>;
  get(id: string): Promise<Panel | undefined>;
  register(id: string, registration: PanelRegistration, actor: string): Promise<Panel>;
  history(id: string): Promise<PanelHistoryEntry[]>;
  rollback(id: string, version: string | undefined, actor: string): Promise<Panel>;
  setDisabled(id: string, disabled: boolean, actor: string): Promise<Panel>;
  /** Origins of every enabled panel entry, for the shell's CSP and CORS. */
  origins(): Promise<string[]>;
}

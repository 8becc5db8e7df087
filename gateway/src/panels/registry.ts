import {
  PanelRegistration,
  panelOrigins,
  type Panel,
  type PanelHistoryEntry,
} from '@aether/contract';
import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import { notFound, refuse } from '../domain/refusal.js';
import type { PanelLogRow, PanelLogStore } from '../store/domain/panel-log-store.js';
import { createEntryPolicy } from './entry-policy.js';
import type { PanelRegistry } from './types.js';

export interface PanelRegistryDeps {
  config: Pick<AetherConfig, 'panels' | 'registry'>;
  log: PanelLogStore;
  events: EventBus;
  clock: Clock;
}

const toPanel = (row: PanelLogRow): Panel => ({
  id: row.panelId,
  title: row.title,
  entry: row.entry,
  module: row.module,
  version: row.version,
  ...(row.integrity ? { integrity: row.integrity } : {}),
  ...(row.disabled ? { disabled: true } : {}),
});

const sameDeployment = (
  a: Pick<PanelLogRow, 'version' | 'entry' | 'module'>,
  b: Pick<PanelLogRow, 'version' | 'entry' | 'module'>,
) => a.version === b.version && a.entry === b.entry && a.module === b.module;

/**
 * The panel registry: the config's panels, plus versions registered at run time (independent
 * panel deploys), persisted in SQLite with their history, rollback and a kill switch. Every
 * change is published as a `panels` event so open shells swap without a reload.
 */
export async function createPanelRegistry({
  config,
  log,
  events,
  clock,
}: PanelRegistryDeps): Promise<PanelRegistry> {
  const at = () => new Date(clock.now()).toISOString();
  const configIds = new Set(config.panels.map((p) => p.id));
  const entryPolicy = createEntryPolicy(config);

  // The config seeds each panel, and wins again whenever its own entry changes (an operator edited
  // the file); otherwise what was registered at run time survives the restart.
  for (const panel of config.panels) {
    const rows = await log.rows(panel.id);
    const lastConfig = [...rows].reverse().find((r) => r.action === 'config');
    const fromConfig = { version: panel.version, entry: panel.entry, module: panel.module };
    if (lastConfig && sameDeployment(lastConfig, fromConfig) && lastConfig.title === panel.title)
      continue;
    await log.append({
      panelId: panel.id,
      title: panel.title,
      ...fromConfig,
      integrity: null,
      disabled: false,
      action: 'config',
      actor: 'config',
      at: at(),
    });
  }

  /** Panels a config once declared and no longer does are gone; panels registered at run time stay. */
  const visible = async (row: PanelLogRow) =>
    configIds.has(row.panelId) || (await log.rows(row.panelId))[0]?.action !== 'config';
  const latestVisible = async (): Promise<PanelLogRow[]> => {
    const rows = await log.latest();
    const shown = await Promise.all(rows.map(visible));
    return rows.filter((_row, i) => shown[i]);
  };

  const list = async (): Promise<Panel[]> => {
    const rows = await latestVisible();
    const order = (id: string) => {
      const i = config.panels.findIndex((p) => p.id === id);
      return i < 0 ? config.panels.length : i;
    };
    return rows.sort((a, b) => order(a.panelId) - order(b.panelId)).map(toPanel);
  };

  const current = async (id: string): Promise<PanelLogRow> => {
    const row = (await latestVisible()).find((r) => r.panelId === id);
    if (!row) throw notFound(`No panel ${id} in the registry`);
    return row;
  };

  const announce = async () => events.publish('panels', { panels: await list() });

  const append = async (row: Omit<PanelLogRow, 'seq'>): Promise<Panel> => {
    const saved = await log.append(row);
    await announce();
    return toPanel(saved);
  };

  return {
    list,
    get: async (id) => (await list()).find((p) => p.id === id),

    async register(id, registration, actor) {
      const parsed = PanelRegistration.parse(registration);
      entryPolicy.check(parsed.entry, parsed.integrity);
      const previous = (await latestVisible()).find((r) => r.panelId === id);
      const next = { version: parsed.version, entry: parsed.entry, module: parsed.module };
      // Registering what is already live is a no-op, so a deploy script can be re-run safely.
      if (
        previous &&
        sameDeployment(previous, next) &&
        !previous.disabled &&
        (parsed.integrity ?? null) === previous.integrity &&
        (!parsed.title || parsed.title === previous.title)
      ) {
        return toPanel(previous);
      }
      return append({
        panelId: id,
        title: parsed.title ?? previous?.title ?? id,
        ...next,
        integrity: parsed.integrity ?? null,
        disabled: false,
        action: 'register',
        actor,
        at: at(),
      });
    },

    async history(id) {
      const last = await current(id);
      return (await log.rows(id)).reverse().map((row): PanelHistoryEntry => ({
        version: row.version,
        entry: row.entry,
        module: row.module,
        action: row.action,
        actor: row.actor,
        at: row.at,
        current: row.seq === last.seq,
      }));
    },

    async rollback(id, version, actor) {
      const live = await current(id);
      const rows = (await log.rows(id)).reverse();
      // A deployment is a row that brought code (config, register, rollback), not a switch flip.
      const deployments = rows.filter((r) => r.action !== 'disable' && r.action !== 'enable');
      const target =
        version === undefined
          ? deployments.find((r) => r.version !== live.version || r.entry !== live.entry)
          : deployments.find((r) => r.version === version);
      if (!target) {
        throw refuse(
          'conflict',
          version === undefined
            ? `Panel ${id} has no earlier version`
            : `Panel ${id} never had version ${version}`,
          { code: 'nothing-to-roll-back-to' },
        );
      }
      const { seq: _seq, ...deployment } = target;
      return append({
        ...deployment,
        disabled: live.disabled,
        action: 'rollback',
        actor,
        at: at(),
      });
    },

    async setDisabled(id, disabled, actor) {
      const live = await current(id);
      if (live.disabled === disabled) return toPanel(live);
      const { seq: _seq, ...state } = live;
      return append({
        ...state,
        disabled,
        action: disabled ? 'disable' : 'enable',
        actor,
        at: at(),
      });
    },

    origins: async () => panelOrigins(await list()),
  };
}

import type Database from 'better-sqlite3';
import {
  PanelRegistration,
  panelOrigins,
  type Panel,
  type PanelHistoryEntry,
} from '@aether/contract';
import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import { HttpError, badRequest, notFound } from '../api/errors.js';
import { createPanelLog, type PanelLogRow } from './panel-log.js';
import type { PanelRegistry } from './types.js';

export interface PanelRegistryDeps {
  config: Pick<AetherConfig, 'panels'>;
  db: Database.Database;
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

function assertHttpEntry(entry: string): void {
  const protocol = new URL(entry).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw badRequest(`Invalid request body: body.entry: must be an http(s) URL, got ${protocol}`, [
      { path: 'body.entry', message: 'must be an http(s) URL' },
    ]);
  }
}

/**
 * The panel registry: the config's panels, plus versions registered at run time (independent
 * panel deploys), persisted in SQLite with their history, rollback and a kill switch. Every
 * change is published as a `panels` event so open shells swap without a reload.
 */
export function createPanelRegistry({
  config,
  db,
  events,
  clock,
}: PanelRegistryDeps): PanelRegistry {
  const log = createPanelLog(db);
  const at = () => new Date(clock.now()).toISOString();
  const configIds = new Set(config.panels.map((p) => p.id));

  // The config seeds each panel, and wins again whenever its own entry changes (an operator edited
  // the file); otherwise what was registered at run time survives the restart.
  db.transaction(() => {
    for (const panel of config.panels) {
      const rows = log.rows(panel.id);
      const lastConfig = [...rows].reverse().find((r) => r.action === 'config');
      const fromConfig = { version: panel.version, entry: panel.entry, module: panel.module };
      if (lastConfig && sameDeployment(lastConfig, fromConfig) && lastConfig.title === panel.title)
        continue;
      log.append({
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
  })();

  /** Panels a config once declared and no longer does are gone; panels registered at run time stay. */
  const visible = (row: PanelLogRow) =>
    configIds.has(row.panelId) || log.rows(row.panelId)[0]?.action !== 'config';

  const list = (): Panel[] => {
    const rows = log.latest().filter(visible);
    const order = (id: string) => {
      const i = config.panels.findIndex((p) => p.id === id);
      return i < 0 ? config.panels.length : i;
    };
    return rows.sort((a, b) => order(a.panelId) - order(b.panelId)).map(toPanel);
  };

  const current = (id: string): PanelLogRow => {
    const row = log.latest().find((r) => r.panelId === id);
    if (!row || !visible(row)) throw notFound(`No panel ${id} in the registry`);
    return row;
  };

  const announce = () => events.publish('panels', { panels: list() });

  const append = (row: Omit<PanelLogRow, 'seq'>): Panel => {
    const saved = log.append(row);
    announce();
    return toPanel(saved);
  };

  return {
    list,
    get: (id) => list().find((p) => p.id === id),

    register(id, registration, actor) {
      const parsed = PanelRegistration.parse(registration);
      assertHttpEntry(parsed.entry);
      const previous = log.latest().find((r) => r.panelId === id && visible(r));
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

    history(id) {
      const last = current(id);
      return log
        .rows(id)
        .reverse()
        .map((row): PanelHistoryEntry => ({
          version: row.version,
          entry: row.entry,
          module: row.module,
          action: row.action,
          actor: row.actor,
          at: row.at,
          current: row.seq === last.seq,
        }));
    },

    rollback(id, version, actor) {
      const live = current(id);
      const rows = log.rows(id).reverse();
      // A deployment is a row that brought code (config, register, rollback), not a switch flip.
      const deployments = rows.filter((r) => r.action !== 'disable' && r.action !== 'enable');
      const target =
        version === undefined
          ? deployments.find((r) => r.version !== live.version || r.entry !== live.entry)
          : deployments.find((r) => r.version === version);
      if (!target) {
        throw new HttpError(409, {
          code: 'nothing-to-roll-back-to',
          detail:
            version === undefined
              ? `Panel ${id} has no earlier version`
              : `Panel ${id} never had version ${version}`,
        });
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

    setDisabled(id, disabled, actor) {
      const live = current(id);
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

    origins: () => panelOrigins(list()),
  };
}

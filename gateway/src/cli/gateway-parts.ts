import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import type { PanelRegistry } from '../panels/types.js';
import { openDatabase, SqliteResultStore } from '../store/index.js';
import { createMonitor } from '../monitor/index.js';
import { runProbe } from '../probes/index.js';
import { HttpError } from '../api/errors.js';

export interface GatewayParts {
  db: Database.Database;
  monitor: Monitor;
  panels: PanelRegistry;
  /** Flushes buffered writes and closes the database; the monitor must be stopped first. */
  close(): Promise<void>;
}

/** The real parts behind the API, from a validated config: SQLite, the result store, the monitor, the panel registry. */
export function buildGatewayParts({ config, clock, events, logger }: { config: AetherConfig; clock: Clock; events: EventBus; logger: Logger }): GatewayParts {
  const db = openDatabase(config.storage.sqlite);
  const store = new SqliteResultStore(db, {
    clock,
    retention: { rawMs: config.storage.retention.raw, minuteMs: config.storage.retention.rollup, hourMs: config.storage.retention.hourly },
    onError: (error) => logger.error({ err: error }, 'writing results failed'),
  });
  const monitor = createMonitor({ config, store, clock, events, probe: runProbe, logger });
  // TODO(lead): createPanelRegistry({ config, db, events, clock }) from ../panels once it lands
  const panels = configPanels(config);
  return {
    db,
    monitor,
    panels,
    async close() {
      store.flush();
      store.close();
      if (db.open) db.close();
    },
  };
}

/**
 * Interim registry until src/panels lands: the config's panels, read-only (issue 2: "GET
 * /api/panels from config for now"). Registering, rollback and the kill switch answer 501.
 */
function configPanels(config: AetherConfig): PanelRegistry {
  const list = () => config.panels.map((p) => ({ id: p.id, title: p.title, entry: p.entry, module: p.module, version: p.version }));
  const unavailable = (): never => {
    throw new HttpError(501, { code: 'not-implemented', detail: 'The panel registry is read-only in this build', expose: true });
  };
  return {
    list,
    get: (id) => list().find((p) => p.id === id),
    register: unavailable,
    history: () => [],
    rollback: unavailable,
    setDisabled: unavailable,
    origins: () => [...new Set(config.panels.map((p) => new URL(p.entry).origin))],
  };
}

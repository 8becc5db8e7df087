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
import { createPanelRegistry } from '../panels/index.js';

export interface GatewayParts {
  db: Database.Database;
  monitor: Monitor;
  panels: PanelRegistry;
  /** Flushes buffered writes and closes the database; the monitor must be stopped first. */
  close(): Promise<void>;
}

/** The real parts behind the API, from a validated config: SQLite, the result store, the monitor, the panel registry. */
export async function buildGatewayParts({
  config,
  clock,
  events,
  logger,
}: {
  config: AetherConfig;
  clock: Clock;
  events: EventBus;
  logger: Logger;
}): Promise<GatewayParts> {
  const db = openDatabase(config.storage.sqlite);
  const store = new SqliteResultStore(db, {
    clock,
    retention: {
      rawMs: config.storage.retention.raw,
      minuteMs: config.storage.retention.rollup,
      hourMs: config.storage.retention.hourly,
    },
    onError: (error) => logger.error({ err: error }, 'writing results failed'),
  });
  const monitor = await createMonitor({ config, store, clock, events, probe: runProbe, logger });
  const panels = createPanelRegistry({ config, db, events, clock });
  return {
    db,
    monitor,
    panels,
    async close() {
      await store.close(); // flushes first
      if (db.open) db.close();
    },
  };
}

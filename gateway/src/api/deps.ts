import type { Logger } from 'pino';
import type Database from 'better-sqlite3';
import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import type { PanelRegistry } from '../panels/types.js';

/** Everything createApp needs; main wires the real ones, tests pass real or in-memory ones. */
export interface AppDeps {
  config: AetherConfig;
  /** Path of the config file, for messages. */
  configPath: string;
  version: string;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  monitor: Monitor;
  panels: PanelRegistry;
  /** The SQLite database (":memory:" in tests) that domain stores (panels, audit, approvals) share. */
  db: Database.Database;
  /** Readiness of the parts /ready reports on. */
  readiness: () => { config: boolean; storage: boolean; scheduler: boolean };
  /** Idle SSE streams get a comment this often; default SSE_HEARTBEAT_MS (15 s). */
  sseHeartbeatMs?: number;
  /** Node process metrics on /metrics; default true (tests that build many apps turn them off). */
  processMetrics?: boolean;
}

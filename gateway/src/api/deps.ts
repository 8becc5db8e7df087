import type { Logger } from 'pino';
import type { AetherConfig } from '../config/schema.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayAlerting } from '../alerting/gateway-alerting.js';
import type { AuthServices } from '../auth/auth-services.js';
import type { Deploys } from '../deploys/deploys.js';
import type { Clock } from '../clock.js';
import type { ClusterView } from '../cluster/cluster-node.js';
import type { ConfigReloader } from '../config/reload/config-reloader.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import type { OperationsEngine } from '../operations/operations-engine.js';
import type { VerifyLimiter } from '../operations/verify-limit.js';
import type { PanelRegistry } from '../panels/types.js';
import type { SloService } from '../slo/slo-service.js';

/**
 * Everything createApp needs, built once by the composition root (cli/build-gateway.ts) for the
 * real gateway and for tests alike. No database handle: the parts hold their stores.
 */
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
  audit: AuditLog;
  /** Allow-listed operations, with the four-eyes queue as `operations.approvals`. */
  operations: OperationsEngine;
  /** Tokens, sessions and the failed-login limiter. */
  auth: AuthServices;
  /** Deploys: recorded, listed, marked on history, compared before vs after. */
  deploys: Deploys;
  /** SLOs of the services that have one (GET /api/slos, /api/services/:id/slo); 503 without it. */
  slos?: SloService;
  /** Alerts, channels and maintenance windows; the routes answer 503 without it. */
  alerting?: GatewayAlerting;
  /** Verify runs per caller and minute (config verify.perMinute); unlimited when absent. */
  verifyLimit?: VerifyLimiter;
  /** Re-reads and applies the config file (GET /api/config, POST /api/config/reload); absent in some test doubles. */
  configReloader?: ConfigReloader;
  /** The gateways sharing the database (GET /api/cluster); one member, this one, when absent. */
  cluster?: ClusterView;
  /** Readiness of the parts /ready reports on. */
  readiness: () => { config: boolean; storage: boolean; scheduler: boolean };
  /** Idle SSE streams get a comment this often; default SSE_HEARTBEAT_MS (15 s). */
  sseHeartbeatMs?: number;
  /** Node process metrics on /metrics; default true (tests that build many apps turn them off). */
  processMetrics?: boolean;
}

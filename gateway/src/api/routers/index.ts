import type { RouterFactory } from './router.js';
import { systemRouter } from './system.js';
import { servicesRouter } from './services.js';
import { eventsRouter } from './events.js';
import { sessionRouter } from './session.js';
import { operationsRouter } from './operations.js';
import { approvalsRouter } from './approvals.js';
import { auditRouter } from './audit.js';
import { panelsRouter } from './panels.js';
import { deploysRouter } from './deploys.js';
import { slosRouter } from './slos.js';
import { configRouter } from './config.js';
import { alertsRouter } from './alerts.js';
import { maintenanceRouter } from './maintenance.js';
import { clusterRouter } from './cluster.js';

export type { RouterFactory, AppRouter } from './router.js';
export { createRouter } from './router.js';

/**
 * Every resource router of the gateway, mounted in this order by createApp. Add yours with one line.
 * Which role may call what is not decided here but in @aether/contract's ROUTES (see authorize.ts).
 */
export const routers: RouterFactory[] = [
  systemRouter,
  servicesRouter,
  eventsRouter,
  sessionRouter,
  operationsRouter,
  approvalsRouter,
  auditRouter,
  panelsRouter,
  deploysRouter,
  slosRouter,
  alertsRouter,
  maintenanceRouter,
  configRouter,
  clusterRouter,
];

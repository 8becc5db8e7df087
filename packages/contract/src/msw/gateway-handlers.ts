import type { Deploy, Panel } from '../index.js';
import { FIXTURE_NOW, makeDeploys, makeServices } from '../fixtures/index.js';
import { approvalsHandlers } from './approvals.js';
import { clusterHandlers } from './cluster.js';
import { auditHandlers } from './audit.js';
import { configHandlers } from './config.js';
import { deploysHandlers } from './deploys.js';
import { alertsHandlers } from './alerts.js';
import { createInteractionStore, type InteractionStore } from './interaction-store.js';
import { operationsHandlers } from './operations.js';
import { panelsHandlers } from './panels.js';
import { servicesHandlers, type ServicesMockOptions } from './services.js';
import { sessionHandlers } from './session.js';
import { slosHandlers } from './slos.js';

export interface MockGatewayOptions {
  baseUrl?: string;
  /** Options of the services handlers (fleet, details, role, verify delay, now). */
  services?: Omit<ServicesMockOptions, 'baseUrl'>;
  panels?: Panel[];
  /** Shared by session, operations, approvals, audit and the registry's admin checks. */
  store?: InteractionStore;
  /** After a registry change: push it as a `panels` event from a mock gateway. */
  onPanelsChange?: (panels: Panel[]) => void;
  /** Recorded deploys, newest first (default: fixtures over the fleet); history answers mark them. */
  deploys?: Deploy[];
}

/**
 * Every REST handler of the mock gateway in one list, sharing one interaction store: what a panel's
 * standalone dev (setupWorker) or a test (setupServer) needs to stand in for the whole gateway.
 * SSE (GET /api/events) is left to the caller, who decides what to push.
 */
export function createMswHandlers({
  baseUrl = '',
  services,
  panels,
  store = createInteractionStore(),
  onPanelsChange,
  deploys,
}: MockGatewayOptions = {}) {
  const fleet = services?.services ?? makeServices(12);
  const now = services?.now ?? (() => Date.parse(FIXTURE_NOW));
  const recorded = deploys ?? makeDeploys(fleet, now());
  const role = services?.role ?? 'operator';
  return [
    ...servicesHandlers({ baseUrl, ...services, services: fleet, deploys: recorded }),
    ...deploysHandlers({ baseUrl, services: fleet, deploys: recorded, role, now }),
    ...alertsHandlers({ baseUrl, services: fleet, store, now }),
    ...panelsHandlers({ baseUrl, panels, store, onChange: onPanelsChange }),
    ...sessionHandlers({ baseUrl, store }),
    ...operationsHandlers({ baseUrl, store }),
    ...approvalsHandlers({ baseUrl, store }),
    ...auditHandlers({ baseUrl, store }),
    ...slosHandlers({ baseUrl, services: fleet, now }),
    ...configHandlers({ baseUrl, store, now }),
    ...clusterHandlers({ baseUrl }),
  ];
}

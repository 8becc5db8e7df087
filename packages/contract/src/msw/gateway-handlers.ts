import type { Panel } from '../index.js';
import { approvalsHandlers } from './approvals.js';
import { auditHandlers } from './audit.js';
import { createInteractionStore, type InteractionStore } from './interaction-store.js';
import { operationsHandlers } from './operations.js';
import { panelsHandlers } from './panels.js';
import { servicesHandlers, type ServicesMockOptions } from './services.js';
import { sessionHandlers } from './session.js';

export interface MockGatewayOptions {
  baseUrl?: string;
  /** Options of the services handlers (fleet, details, role, verify delay, now). */
  services?: Omit<ServicesMockOptions, 'baseUrl'>;
  panels?: Panel[];
  /** Shared by session, operations, approvals, audit and the registry's admin checks. */
  store?: InteractionStore;
  /** After a registry change: push it as a `panels` event from a mock gateway. */
  onPanelsChange?: (panels: Panel[]) => void;
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
}: MockGatewayOptions = {}) {
  return [
    ...servicesHandlers({ baseUrl, ...services }),
    ...panelsHandlers({ baseUrl, panels, store, onChange: onPanelsChange }),
    ...sessionHandlers({ baseUrl, store }),
    ...operationsHandlers({ baseUrl, store }),
    ...approvalsHandlers({ baseUrl, store }),
    ...auditHandlers({ baseUrl, store }),
  ];
}

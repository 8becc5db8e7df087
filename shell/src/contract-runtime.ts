/**
 * Runtime values the shell needs from the contract, without zod: the panel context helpers and
 * the API client come from the zod-free `@aether/contract/panel-runtime`; the event names below
 * are a copy whose type makes the compiler fail if it ever drifts from the contract.
 */
import type { EventName } from '@aether/contract';

export {
  ApiError,
  CSRF_HEADER,
  NetworkError,
  PANEL_CONTEXT_VERSION,
  contextIncompatibility,
  createApiClient,
  remoteNameFor,
} from '@aether/contract/panel-runtime';

const ALL_EVENTS = {
  snapshot: true,
  status: true,
  result: true,
  panels: true,
  audit: true,
  approval: true,
  alert: true,
  maintenance: true,
  deploy: true,
  config: true,
} satisfies Record<EventName, true>;
export const EVENT_NAMES = Object.keys(ALL_EVENTS) as EventName[];

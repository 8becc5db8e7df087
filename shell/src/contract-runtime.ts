/**
 * Runtime values the shell needs from the contract, without zod: the panel context helpers come
 * from the zod-free `@aether/contract/panel-runtime`; the two constants below are copies whose
 * types make the compiler fail if they ever drift from the contract.
 */
import type { CSRF_HEADER as ContractCsrfHeader, EventName } from '@aether/contract';

export {
  ApiError,
  NetworkError,
  PANEL_CONTEXT_VERSION,
  contextIncompatibility,
  remoteNameFor,
} from '@aether/contract/panel-runtime';

export const CSRF_HEADER: typeof ContractCsrfHeader = 'x-aether-csrf';

const ALL_EVENTS = {
  snapshot: true,
  status: true,
  result: true,
  panels: true,
  audit: true,
  approval: true,
} satisfies Record<EventName, true>;
export const EVENT_NAMES = Object.keys(ALL_EVENTS) as EventName[];

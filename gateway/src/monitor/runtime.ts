import type { Incident, ServiceSummary, Status } from '@aether/contract';
import type { CheckConfig, ServiceConfig } from '../config/schema.js';
import type { CheckState } from '../store/types.js';

/** What the monitor keeps per configured check. */
export interface CheckRuntime {
  key: string;
  service: ServiceConfig;
  check: CheckConfig;
  /** What the check probes, shown before any result (and on runs that never reached a probe). */
  target: string;
  state: CheckState;
  incident: Incident | null;
}

/** What the monitor keeps per configured service. */
export interface ServiceRuntime {
  config: ServiceConfig;
  checks: CheckRuntime[];
  status: Status;
  since: string | null;
  /** Rebuilt lazily: null after a change. */
  summary: ServiceSummary | null;
  /**
   * The status the monitor last told the flap watch about (the restored one at start), undefined
   * for a service added since: kept here, not in maps by id (two of them, ~0.9 MiB each at 30,000
   * services).
   */
  seen: Status | undefined;
  /**
   * Its place in the monitor's list when that was last made whole (-1: not in it): kept here,
   * not in a Map by runtime (0.85 MiB at 30,000 services, made again with every whole list).
   */
  listAt: number;
}

export const checkKeyOf = (serviceId: string, checkId: string) => `${serviceId}/${checkId}`;

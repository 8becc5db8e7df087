import type { AppDeps } from '../api/deps.js';
import { AuditLog } from '../audit/audit-log.js';
import { ApprovalStore } from '../approvals/approval-store.js';
import { OperationsEngine } from './operations-engine.js';

export interface OperateServices {
  audit: AuditLog;
  approvals: ApprovalStore;
  engine: OperationsEngine;
}

type OperateDeps = Pick<AppDeps, 'config' | 'clock' | 'logger' | 'events' | 'db'>;

const built = new WeakMap<OperateDeps, OperateServices>();

/**
 * The audit log, approval store and operations engine of one app. The operations, approvals and
 * audit routers are built separately from the same deps object and must share one engine (its
 * confirmation tokens and limits live in memory), so it is made once per deps object.
 */
export function operateServices(deps: OperateDeps): OperateServices {
  let services = built.get(deps);
  if (!services) {
    const audit = new AuditLog(deps.db, deps.clock);
    const approvals = new ApprovalStore(deps.db);
    const engine = new OperationsEngine({
      config: deps.config,
      clock: deps.clock,
      logger: deps.logger,
      events: deps.events,
      audit,
      approvals,
    });
    services = { audit, approvals, engine };
    built.set(deps, services);
  }
  return services;
}

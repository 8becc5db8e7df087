import type { CheckType } from '@aether/contract';
import type { ServiceObservation } from '../alerting/dispatcher-inputs.js';
import type { AlertService } from '../alerting/types.js';
import type { SloReport } from './slo-tracker.js';

const SEVERITIES = ['page', 'ticket'] as const;

/** What the dispatcher needs of a service besides its SLO report. */
export interface SloService extends AlertService {
  /** A burn-rate alert names the service's first check (the dispatcher's alerts name one). */
  firstCheck: { id: string; type: CheckType };
}

/**
 * Turns SLO reports into the dispatcher's observations: one episode per service and severity
 * (the dispatcher keys burn-rate episodes by both), `down` while a rule of that severity fires,
 * `up` when none does. Only changes come out — call it on every evaluation (e.g. each minute)
 * and hand each observation to `alerting.observe`; routes match `severity: page|ticket`.
 */
export class BurnRateObservations {
  /** serviceId:severity → the ISO instant it started firing. */
  private readonly firing = new Map<string, string>();

  evaluate(
    reports: readonly SloReport[],
    serviceOf: (id: string) => SloService | undefined,
    nowMs: number,
  ): ServiceObservation[] {
    const out: ServiceObservation[] = [];
    for (const report of reports) {
      const service = serviceOf(report.serviceId);
      if (!service) continue;
      const { firstCheck, ...alertService } = service;
      for (const severity of SEVERITIES) {
        const key = `${report.serviceId}:${severity}`;
        const rule = report.alerts.find((a) => a.severity === severity);
        const since = this.firing.get(key);
        if (rule && since === undefined) {
          const at = new Date(nowMs).toISOString();
          this.firing.set(key, at);
          out.push({
            service: alertService,
            status: 'down',
            since: at,
            check: firstCheck,
            severity,
            cause: `error budget burning ${rule.burnRates.long.toFixed(1)}× over ${rule.windows.split('/')[0]} and ${rule.burnRates.short.toFixed(1)}× over ${rule.windows.split('/')[1]} (${severity} at ${Number(rule.factor.toFixed(2))}×; objective ${report.objective} %)`,
          });
        } else if (!rule && since !== undefined) {
          this.firing.delete(key);
          out.push({
            service: alertService,
            status: 'up',
            since: new Date(nowMs).toISOString(),
            check: firstCheck,
            severity,
            cause: '',
          });
        }
      }
    }
    return out;
  }
}

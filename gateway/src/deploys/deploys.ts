import type {
  Deploy,
  DeployCheckComparison,
  DeployComparison,
  DeployOutcome,
  DeployRequest,
  HistoryDeploy,
  Role,
} from '@aether/contract';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import { invalid, notFound, refuse } from '../domain/refusal.js';
import type { DeployStore, StoredDeploy } from '../store/deploy-store.js';
import type { ResultStore } from '../store/types.js';
import { compareWindows, overallVerdict } from './comparison-rule.js';
import { ClosedSteps } from './closed-steps.js';
import type { FailureMemory } from './failure-memory.js';
import { windowStats } from './window-stats.js';

/** The comparison's "before": the 15 minutes before a deploy started (PRODUCT.md). */
export const BEFORE_WINDOW_MS = 15 * 60_000;
/** At most this many markers in one history answer (a range of a year of hourly deploys). */
const MAX_MARKERS = 1000;

export interface DeploysDeps {
  store: DeployStore;
  results: ResultStore;
  failures: FailureMemory;
  clock: Clock;
  events: EventBus;
  /** Where starts and finishes join the audit trail (absent in tests that do not look at it). */
  audit?: Pick<AuditLog, 'record'>;
  /** The check ids of a configured service, undefined when there is no such service. */
  checksOf(serviceId: string): readonly string[] | undefined;
}

/**
 * Deploys as events: recorded (start, finish), listed, marked on history, and compared before
 * vs after. Says no with Refused (invalid services, unknown deploy, finished twice); api/ maps it.
 */
export class Deploys {
  /** Each compared window's closed steps: a page re-reads a comparison every few seconds. */
  private readonly closedSteps = new ClosedSteps();

  constructor(private readonly deps: DeploysDeps) {}

  async start(request: DeployRequest, by: string, role: Role | null = null): Promise<Deploy> {
    const unknown = request.services.flatMap((id, i) =>
      this.deps.checksOf(id) === undefined ? [{ id, i }] : [],
    );
    if (unknown.length > 0)
      throw invalid(
        `Unknown service: ${unknown.map((u) => u.id).join(', ')}`,
        unknown.map(({ id, i }) => ({
          path: `body.services[${i}]`,
          message: `no service with id "${id}"`,
        })),
      );
    const services = [...new Set(request.services)];
    const startedMs = this.deps.clock.now();
    const failingBefore: StoredDeploy['failingBefore'] = {};
    for (const serviceId of services) {
      failingBefore[serviceId] = {};
      for (const checkId of this.deps.checksOf(serviceId)!)
        failingBefore[serviceId][checkId] = this.deps.failures.failingIn(
          serviceId,
          checkId,
          startedMs - BEFORE_WINDOW_MS,
          startedMs,
        );
    }
    const stored = await this.deps.store.create({
      services,
      version: request.version,
      description: request.description ?? null,
      by,
      startedAt: new Date(startedMs).toISOString(),
      failingBefore,
    });
    await this.deps.audit?.record({
      action: 'deploy-start',
      actor: by,
      role,
      target: `deploy:${stored.id}`,
      detail: { services, version: stored.version, description: stored.description },
    });
    return this.publish(stored);
  }

  async finish(
    id: string,
    outcome: DeployOutcome,
    by: string,
    role: Role | null = null,
  ): Promise<Deploy> {
    const finished = await this.deps.store.finish(id, {
      outcome,
      atMs: this.deps.clock.now(),
      by,
    });
    if (finished) {
      await this.deps.audit?.record({
        action: 'deploy-finish',
        actor: by,
        role,
        target: `deploy:${id}`,
        detail: { outcome, services: finished.services, version: finished.version },
      });
      return this.publish(finished);
    }
    const existing = await this.deps.store.get(id);
    if (!existing) throw notFound(`No deploy with id "${id}"`);
    throw refuse('conflict', `Deploy ${id} already finished: ${existing.outcome}`, {
      code: 'deploy-finished',
      title: 'Deploy already finished',
    });
  }

  async list(filter: { serviceId?: string; limit: number }): Promise<Deploy[]> {
    return (await this.deps.store.list(filter)).map(publicDeploy);
  }

  /** The deploys of a service that started in [fromMs, toMs), oldest first, as history marks them. */
  async markers(serviceId: string, fromMs: number, toMs: number): Promise<HistoryDeploy[]> {
    const deploys = await this.deps.store.list({ serviceId, fromMs, toMs, limit: MAX_MARKERS });
    return deploys.reverse().map((d) => ({
      id: d.id,
      at: d.startedAt,
      version: d.version,
      outcome: d.outcome,
    }));
  }

  /**
   * Every check of the deployed services (those it had at the start, and any added since): the
   * 15 minutes before the start, [start − 15 min, start), vs the start — or the finish, once there
   * is one — up to and including now.
   */
  async compare(id: string): Promise<DeployComparison> {
    const deploy = await this.deps.store.get(id);
    if (!deploy) throw notFound(`No deploy with id "${id}"`);
    const nowMs = this.deps.clock.now();
    const startedMs = Date.parse(deploy.startedAt);
    const before = { fromMs: startedMs - BEFORE_WINDOW_MS, toMs: startedMs };
    const after = {
      fromMs: deploy.finishedAt ? Date.parse(deploy.finishedAt) : startedMs,
      toMs: nowMs,
    };
    const checks: DeployCheckComparison[] = [];
    for (const serviceId of deploy.services) {
      const atStart = deploy.failingBefore[serviceId] ?? {};
      const checkIds = new Set([...Object.keys(atStart), ...(this.deps.checksOf(serviceId) ?? [])]);
      for (const checkId of checkIds) {
        const failing = (window: { fromMs: number; toMs: number }, seen: string[] = []) => [
          ...new Set([
            ...seen,
            ...this.deps.failures.failingIn(
              serviceId,
              checkId,
              window.fromMs,
              window === after ? window.toMs + 1 : window.toMs,
            ),
          ]),
        ];
        const stats = (window: { fromMs: number; toMs: number }) =>
          windowStats(
            this.deps.results,
            serviceId,
            checkId,
            window.fromMs,
            window.toMs,
            window === after,
            {
              memo: this.closedSteps.memo(
                id,
                `${window === after ? 'after' : 'before'} ${window.fromMs} ${serviceId}\u0000${checkId}`,
              ),
              nowMs,
            },
          );
        const beforeSide = { ...(await stats(before)), failing: failing(before, atStart[checkId]) };
        const afterSide = { ...(await stats(after)), failing: failing(after) };
        checks.push({
          serviceId,
          checkId,
          before: beforeSide,
          after: afterSide,
          ...compareWindows(beforeSide, afterSide),
        });
      }
    }
    return {
      deploy: publicDeploy(deploy),
      verdict: overallVerdict(checks.map((c) => c.verdict)),
      checks,
    };
  }

  private publish(stored: StoredDeploy): Deploy {
    const deploy = publicDeploy(stored);
    this.deps.events.publish('deploy', deploy);
    return deploy;
  }
}

function publicDeploy(stored: StoredDeploy): Deploy {
  const { failingBefore: _kept, ...deploy } = stored;
  return deploy;
}

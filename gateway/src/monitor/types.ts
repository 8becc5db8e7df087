import type {
  CheckDetail,
  CheckResult,
  Incident,
  HistorySeries,
  ServiceDetail,
  ServiceSummary,
  Status,
  VerifyRequest,
} from '@aether/contract';
import type { AetherConfig, CheckConfig, ServiceConfig } from '../config/schema.js';
import type { RunInfo, SchedulerStats } from '../scheduler/scheduler.js';
import type { MonitorChanges } from './reconfigure.js';

/** Runs one check once; never throws (the real one is runProbe from ../probes). */
export type ProbeFn = (
  service: ServiceConfig,
  check: CheckConfig,
  /** target: the check's describeTarget, kept by the monitor so a run does not make it again. */
  options: { signal: AbortSignal; target: string },
) => Promise<CheckResult>;

export interface MonitorStats extends SchedulerStats {
  services: number;
  checks: number;
}

/**
 * Which checks this gateway probes (several gateways on one database split them by shard lease).
 * Without one, a gateway probes every check.
 */
export interface CheckOwnership {
  /** Whether this gateway probes the checks of `serviceId` now. */
  owns(serviceId: string): boolean;
  /**
   * Whether this gateway holds the lease of `serviceId`'s shard, its local deadline aside: what
   * the scheduler's jobs follow on a lease change (each run still asks `owns`), so a change
   * looked at while the deadline had just passed, before a renewal moved it, leaves no held
   * shard without jobs. `owns` when absent.
   */
  holds?(serviceId: string): boolean;
  /**
   * Calls `listener` after the owned set changed, with the shards that changed hands when known
   * (a cluster's lease change); returns an unsubscribe.
   */
  onChange(listener: (change?: OwnershipChange) => void): () => void;
  /**
   * The configured services of these shards, so a listener can look at what changed hands
   * instead of every service; undefined when not known (then look at every service).
   */
  servicesIn?(shards: readonly number[]): Iterable<string> | undefined;
  /**
   * How long a dead prober's checks can go unprobed before another gateway claims their shard
   * (the lease ttl, a beat, room for a slow one): a gained check whose slot passed no longer ago
   * than this was missed in a take-over and is caught up at once; one overdue for longer was
   * probed by nobody (the cluster was starting, or down) and starts spread like a start.
   * Unbounded when absent.
   */
  takeoverMs?(): number;
}

/** The shards a lease change gave this gateway and took from it. */
export interface OwnershipChange {
  gained: readonly number[];
  lost: readonly number[];
}

/** A check as `checksOf` gives it. */
export type CheckNow = Pick<CheckDetail, 'id' | 'type' | 'status' | 'lastResult'>;

/** The live view of every configured service: what the API and SSE read. */
export interface Monitor {
  start(): void;
  /** Stops scheduling, cancels or finishes in-flight probes, flushes writes. */
  stop(): Promise<void>;
  readonly running: boolean;
  listServices(): ServiceSummary[];
  getService(id: string): ServiceDetail | undefined;
  /**
   * A service's checks as they are now (status, latest result), without the detail's settings,
   * counters and URLs: what a status change's subscribers read, ~1,000 times a second under churn.
   * Optional for test doubles (getService's checks then).
   */
  checksOf?(id: string): readonly CheckNow[] | undefined;
  /**
   * Every configured check's current status, in list order, read from the monitor's state (no
   * summaries built): what /metrics writes. Optional for test doubles (listServices' then).
   */
  checkStatuses?(): Iterable<{ serviceId: string; checkId: string; type: string; status: Status }>;
  /**
   * Every service that depends on `id`, directly or transitively: those whose `rootCause` may
   * follow its status. Optional for test doubles (none then).
   */
  dependentsOf?(id: string): ReadonlySet<string>;
  history(
    serviceId: string,
    query: { checkId?: string; fromMs: number; toMs: number; stepMs: number },
  ): Promise<HistorySeries>;
  incidents(serviceId: string, limit?: number): Promise<Incident[]>;
  /** Runs the matching checks now (services ∪ tags; everything when both are empty). */
  verify(request: VerifyRequest): Promise<CheckResult[]>;
  /** Scheduler figures: runs, skips, queue, lateness p50/p99 (for /metrics and the bench). Optional for test doubles. */
  stats?(): MonitorStats;
  /** Calls `listener` after every finished run, e.g. to feed a lateness histogram; returns an unsubscribe. Optional for test doubles. */
  onRun?(listener: (info: RunInfo & { serviceId: string; checkId: string }) => void): () => void;
  /**
   * Applies a new config while running (a reload): unchanged checks keep their job, state and
   * since; changed ones are replaced; added services start; removed ones stop. Optional for
   * test doubles (a reload then changes nothing they show).
   */
  reconfigure?(config: AetherConfig): Promise<MonitorChanges>;
}

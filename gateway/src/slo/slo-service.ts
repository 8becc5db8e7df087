import { setImmediate as nextTurn } from 'node:timers/promises';
import { formatDuration, type CheckResult, type Slo, type SloBudgetSeries } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import type { ServiceObservation } from '../alerting/dispatcher-inputs.js';
import type { EventBus } from '../events/bus.js';
import type { MatchableService } from '../maintenance/window-match.js';
import type { ResultStore } from '../store/types.js';
import {
  BurnRateObservations,
  type SloService as SloAlertService,
} from './burn-rate-observations.js';
import { errorBudget } from './burn-rate.js';
import { SloTracker, type InMaintenance, type SloReport, type SloTarget } from './slo-tracker.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Budget-over-time answers stay under this many points (a wider step instead). */
const MAX_BUDGET_POINTS = 1000;
/** A report as GET /api/slos answers it. */
export const sloOf = (r: SloReport): Slo => ({
  serviceId: r.serviceId,
  objective: r.objective,
  window: formatDuration(r.windowMs),
  sli: r.sli,
  good: r.good,
  total: r.total,
  errorBudget: r.errorBudget,
  burnRates: r.burnRates,
  alerts: r.alerts,
});

/** Services whose reports are rebuilt per turn of the event loop (~2–5 ms each at 10,000). */
const REFRESH_SLICE = 250;
/** Services seeded from the rollups per turn of the event loop at start. */
const SEED_SLICE = 50;
/** How stale GET /api/slos may be: its reports are rebuilt this often, never per request. */
export const SLO_REFRESH_MS = 10_000;

/** The SLOs of the running config, for GET /api/slos and GET /api/services/:id/slo. */
export interface SloService {
  /** Every service with an `slo`, in config order. */
  list(): Promise<Slo[]>;
  /**
   * Raw reports, with their firing burn-rate rules, as of the last refresh; the first read after
   * a start or a reload waits for them to be built a slice per turn of the event loop.
   */
  reports(): Promise<SloReport[]>;
  /** The remaining budget over [fromMs, toMs]; undefined for a service without an SLO. */
  budget(serviceId: string, fromMs?: number, toMs?: number): Promise<SloBudgetSeries | undefined>;
  /** Resolves once the counts from before the start are in (tests wait for it). */
  readonly seeded: Promise<void>;
  reconfigure(config: AetherConfig): void;
  close(): void;
}

/**
 * The services with an SLO by id: only they are looked up (maintenance, burn-rate alerts). A Map of
 * the whole fleet held 0.9 MiB at 30,000 services for the handful that have one.
 */
function withSlo(config: AetherConfig): Map<string, AetherConfig['services'][number]> {
  return new Map(config.services.filter((s) => s.slo).map((s) => [s.id, s]));
}

export function sloTargets(config: AetherConfig): SloTarget[] {
  return config.services.flatMap((s) =>
    s.slo
      ? [
          {
            serviceId: s.id,
            objective: s.slo.objective,
            windowMs: s.slo.window,
            degradedIsBad: s.slo.degradedIsBad,
          },
        ]
      : [],
  );
}

/**
 * Keeps every SLO current from `result` events (SloTracker) after seeding it once from the
 * store's minute, hour and day rollups — never from raw results, and never per request: the
 * answer to /api/slos is the tracker's cached reports. Results stamped before the seed's
 * instant come from the rollups only, so none is counted twice. Seeded counts take a
 * rollup's failures as bad (down); degradedIsBad applies to results counted live.
 */
export function createSloService(options: {
  config: AetherConfig;
  store: ResultStore;
  events: EventBus;
  clock: Clock;
  /** Is the service in a maintenance window at that instant (the alerting's calendar)? */
  maintenanceAt?: (service: MatchableService, atMs: number) => boolean;
  /**
   * Where burn-rate alerts go (the alert dispatcher's observe): on every refresh, each SLO whose
   * page or ticket rule starts or stops firing is observed, `down` or `up`, with its severity.
   */
  observe?: (observation: ServiceObservation) => void;
}): SloService {
  const { store, events, clock, observe } = options;
  let byId = withSlo(options.config);
  const inMaintenance: InMaintenance = (id, ts) => {
    const service = byId.get(id);
    return !!service && !!options.maintenanceAt?.(service, ts);
  };
  const burnAlerts = new BurnRateObservations();
  const alertService = (id: string): SloAlertService | undefined => {
    const s = byId.get(id);
    const first = s?.checks[0];
    return (
      s && {
        id: s.id,
        name: s.name,
        group: s.group,
        tags: s.tags,
        firstCheck: first ? { id: first.id, type: first.type } : { id: 'slo', type: 'http' },
      }
    );
  };
  let targets = sloTargets(options.config);
  const tracker = new SloTracker(clock, targets, inMaintenance);
  const seededUntil = clock.now();
  const unsubscribe = events.subscribe((event) => {
    if (event.type !== 'result') return;
    const result = event.data as CheckResult;
    if (!tracker.tracks(result.serviceId)) return;
    const ts = Date.parse(result.timestamp);
    if (ts >= seededUntil) tracker.record(result.serviceId, ts, result.status);
  });

  async function seedOne(target: SloTarget): Promise<void> {
    const levels = [
      ['minute', MINUTE, 6 * HOUR],
      ['hour', HOUR, 3 * DAY],
      ['day', DAY, target.windowMs + DAY],
    ] as const;
    for (const [level, stepMs, lengthMs] of levels) {
      const points = await store.history({
        serviceId: target.serviceId,
        fromMs: seededUntil - lengthMs,
        toMs: seededUntil,
        stepMs,
      });
      tracker.seed(
        target.serviceId,
        level,
        points.map((p) => ({ ts: Date.parse(p.t), good: p.count - p.failures, total: p.count })),
      );
    }
  }
  const seeded = (async () => {
    const initial = targets;
    for (let i = 0; i < initial.length; i++) {
      // the SQLite store answers without a turn of the event loop: without one every few
      // services, seeding 10,000 SLOs (30,000 history reads) held probes and requests for seconds
      if (i > 0 && i % SEED_SLICE === 0) await nextTurn();
      await seedOne(initial[i]!);
    }
  })();
  let timer: unknown = clock.setTimeout(function tick() {
    void tracker
      .refreshInSlices(REFRESH_SLICE, observe !== undefined)
      .then((reports) => {
        if (!observe || !reports) return;
        for (const o of burnAlerts.evaluate(reports, alertService, clock.now())) observe(o);
      })
      .finally(() => {
        if (timer !== undefined) timer = clock.setTimeout(tick, SLO_REFRESH_MS);
      });
  }, SLO_REFRESH_MS);

  let listed: { reports: SloReport[]; list: Slo[] } | null = null;
  // never tracker.reports(): built on a read, that is every SLO in one turn
  const current = () => tracker.current(REFRESH_SLICE);
  const list = async (): Promise<Slo[]> => {
    const reports = await current();
    if (listed?.reports !== reports) listed = { reports, list: reports.map(sloOf) };
    return listed.list;
  };

  return {
    seeded,
    reports: current,
    list,
    async budget(serviceId, fromArg, toArg) {
      const target = targets.find((t) => t.serviceId === serviceId);
      if (!target) return undefined;
      const report = (await current()).find((r) => r.serviceId === serviceId);
      if (!report) return undefined;
      const toMs = toArg ?? clock.now();
      const fromMs = fromArg ?? toMs - target.windowMs;
      const span = Math.max(1, toMs - fromMs);
      // whole hours or days, so steps line up with the rollups they are read from
      const unit = span > 14 * DAY ? DAY : HOUR;
      const stepMs = Math.max(1, Math.ceil(span / MAX_BUDGET_POINTS / unit)) * unit;
      const points = await store.history({
        serviceId,
        fromMs: fromMs - target.windowMs,
        toMs,
        stepMs,
      });
      // prefix sums over the steps, maintenance left out
      const starts = points.map((p) => Date.parse(p.t));
      const good = [0];
      const total = [0];
      points.forEach((p, i) => {
        const counted = inMaintenance(serviceId, starts[i]!) ? 0 : 1;
        good.push(good[i]! + counted * (p.count - p.failures));
        total.push(total[i]! + counted * p.count);
      });
      const out: SloBudgetSeries['points'] = [];
      let lo = 0;
      for (let i = 0; i < points.length; i++) {
        const end = starts[i]! + stepMs;
        if (end < fromMs || end > toMs + stepMs) continue;
        while (starts[lo]! < end - target.windowMs) lo++;
        const counts = { good: good[i + 1]! - good[lo]!, total: total[i + 1]! - total[lo]! };
        out.push({
          t: new Date(Math.min(end, toMs)).toISOString(),
          remainingRatio:
            counts.total === 0 ? null : errorBudget(target.objective, counts).remainingRatio,
          sli: counts.total === 0 ? null : counts.good / counts.total,
        });
      }
      return {
        serviceId,
        objective: target.objective,
        window: formatDuration(target.windowMs),
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        stepMs,
        points: out,
        // the entry /api/slos serves, so the service page needs no fetch of the whole fleet's
        // (its own report only: mapping all 10,000 for one would be a long synchronous chunk)
        current: sloOf(report),
      };
    },
    reconfigure(config) {
      byId = withSlo(config);
      const before = new Set(targets.map((t) => t.serviceId));
      targets = sloTargets(config);
      tracker.reconfigure(targets);
      // a service that gained an SLO starts from its rollups too
      for (const t of targets) if (!before.has(t.serviceId)) void seedOne(t).catch(() => {});
      listed = null;
    },
    close() {
      unsubscribe();
      clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}

import { Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { PassThrough, type Readable } from 'node:stream';
import type { CheckResult } from '@aether/contract';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import { CheckSeries, statusRowsOf } from './check-series.js';

/** The gateway's Prometheus metrics, in a registry of its own so two apps in one process never clash. */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** The whole exposition: the registry's metrics, then the per-check families (CheckSeries). */
  render(): Promise<string>;
  /** The same exposition in slices, for a response written as they come (no whole string). */
  exposition(): AsyncIterable<string>;
  /**
   * The exposition as a stream the slices are written to as they are made, not as the reader
   * drains it: a scrape takes as many turns of the event loop as a rendering does (one a slice),
   * not several more a slice waiting for the socket (a loaded gateway's turns are long: 30-48 s
   * for a scrape at 30,000 checks under load 20 when each slice waited for the reader).
   */
  stream(): Readable;
  /** Open SSE streams; the events router moves it. */
  readonly sseClients: Gauge;
  /** How late the scheduler fired a check (fed from monitor.onRun when the monitor has it). */
  observeSchedulerLateness(ms: number): void;
  /** Stops listening to the event bus and the monitor. */
  close(): void;
}

export interface GatewayMetricsDeps {
  events: EventBus;
  monitor: Monitor;
  /** Node process metrics (CPU, memory, event loop lag); off in tests that build many apps. */
  processMetrics?: boolean;
  /** Families other parts keep up to date (alerting: aether_alerts, aether_notifications_total). */
  extra?: readonly Metric[];
  /** This gateway's id in a cluster: every series carries it as the `gateway` label. */
  gateway?: string;
}

/**
 * Probe counts and durations come from `result` events on the bus (every probe publishes one);
 * the status per check is read from the monitor at scrape time, so it is never stale. The
 * per-check families are rendered by CheckSeries rather than prom-client (10,000 checks).
 */
export function createGatewayMetrics({
  events,
  monitor,
  processMetrics = true,
  extra = [],
  gateway,
}: GatewayMetricsDeps): GatewayMetrics {
  const constLabels: Record<string, string> = gateway !== undefined ? { gateway } : {};
  const registry = new Registry();
  registry.setDefaultLabels(constLabels);
  for (const metric of extra) registry.registerMetric(metric);
  if (processMetrics) {
    collectDefaultMetrics({ register: registry });
    // promtool check metrics refuses gauges ending in _total; each of these is the sum of the
    // per-type gauge of the same name without it (nodejs_active_handles{type}), so none is missed.
    for (const name of ['handles', 'requests', 'resources'])
      registry.removeSingleMetric(`nodejs_active_${name}_total`);
  }

  const checkSeries = new CheckSeries(constLabels);
  const duration = new Histogram({
    name: 'aether_probe_duration_seconds',
    help: 'Probe duration by check type',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'aether_scheduler_lateness_seconds',
    help: 'How long after its due time a check was started',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const sseClients = new Gauge({
    name: 'aether_sse_clients',
    help: 'Open Server-Sent Events streams',
    registers: [registry],
  });
  const unsubscribe = events.subscribe((event) => {
    // probes of this gateway: another one's (relayed in a cluster) are counted by that one
    if (event.type !== 'result' || event.origin !== undefined) return;
    const result = event.data as CheckResult;
    checkSeries.observe(result);
    duration.observe({ type: result.type }, result.durationMs / 1000);
  });

  const observeSchedulerLateness = (ms: number) => lateness.observe(Math.max(0, ms) / 1000);
  // manual runs (verify-now) are not scheduled, so their wait says nothing about the scheduler
  const stopRuns = monitor.onRun?.((run) => {
    if (run.trigger === 'schedule') observeSchedulerLateness(run.latenessMs);
  });

  // every check's status, read from the monitor's state: not its list, which would build (and
  // keep) a summary of every service for four numbers a check
  const statusRows = () => monitor.checkStatuses?.() ?? statusRowsOf(monitor.listServices());
  async function* exposition(): AsyncGenerator<string> {
    yield await registry.metrics();
    yield* checkSeries.slices(statusRows());
  }

  return {
    registry,
    render: async () => `${await registry.metrics()}${await checkSeries.render(statusRows())}`,
    exposition,
    stream() {
      const out = new PassThrough();
      void (async () => {
        for await (const slice of exposition()) out.write(slice);
        out.end();
      })().catch((error: unknown) => out.destroy(error as Error));
      return out;
    },
    sseClients,
    observeSchedulerLateness,
    close: () => {
      unsubscribe();
      stopRuns?.();
    },
  };
}

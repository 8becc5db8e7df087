import pino from 'pino';
import { StatusEvent, type CheckResult, type ConditionResult } from '@aether/contract';
import { AetherConfig, type CheckConfig, type ServiceConfig } from '../config/schema.js';
import { EventBus, type BusEvent } from '../events/bus.js';
import { MemoryResultStore } from '../store/memory-store.js';
import type { ResultStore } from '../store/types.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createMonitor } from './create-monitor.js';
import type { CheckOwnership } from './types.js';

/**
 * The monitor's test harness: a three-service config, a probe whose outcome per check the test
 * sets (answering in fake time), a store that counts prunes, and setup() wiring them.
 */
type Behaviour = 'ok' | 'fail' | 'slow' | 'hang' | 'hang-ignoring-signal';

export const T0 = Date.UTC(2026, 0, 1);

export const config = AetherConfig.parse({
  server: { concurrency: 4 },
  services: [
    {
      id: 'orders',
      name: 'Orders API',
      group: 'commerce',
      tags: ['prod'],
      baseUrl: 'http://127.0.0.1:9101',
      checks: [
        {
          id: 'health',
          type: 'http',
          path: '/health',
          interval: '10s',
          timeout: '2s',
          failAfter: 2,
          recoverAfter: 1,
          expect: { maxLatency: '500ms' },
        },
        { id: 'db-port', type: 'tcp', port: 5432, interval: '30s' },
      ],
    },
    {
      id: 'billing',
      name: 'Billing',
      tags: ['staging'],
      baseUrl: 'http://127.0.0.1:9102',
      checks: [{ id: 'health', type: 'http', interval: '10s', timeout: '1s' }],
    },
    { id: 'empty', name: 'No checks yet' },
  ],
});

/** A probe whose outcome per check the test sets; it answers in 20 ms (900 ms when slow) of fake time. */
export function fakeProbe(clock: FakeClock) {
  const behaviour = new Map<string, Behaviour>();
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const probe = (
    service: ServiceConfig,
    check: CheckConfig,
    { signal }: { signal: AbortSignal },
  ): Promise<CheckResult> => {
    const key = `${service.id}/${check.id}`;
    const kind = behaviour.get(key) ?? 'ok';
    const startedAt = clock.now();
    calls.push(key);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const make = (
      errors: CheckResult['errors'],
      conditions: ConditionResult[],
      durationMs: number,
    ): CheckResult => {
      inFlight--;
      const success =
        errors.length === 0 && conditions.every((c) => c.ok || c.severity === 'degrade');
      return {
        serviceId: service.id,
        checkId: check.id,
        type: check.type,
        timestamp: new Date(startedAt).toISOString(),
        success,
        status: !success ? 'down' : conditions.some((c) => !c.ok) ? 'degraded' : 'up',
        durationMs,
        conditions,
        errors,
        target: `probe ${key}`,
      };
    };
    return new Promise((resolve) => {
      if (kind === 'hang' || kind === 'hang-ignoring-signal') {
        if (kind === 'hang')
          signal.addEventListener('abort', () =>
            resolve(
              make([{ kind: 'unknown', message: 'probe cancelled' }], [], clock.now() - startedAt),
            ),
          );
        return;
      }
      const ms = kind === 'slow' ? 900 : 20;
      clock.setTimeout(() => {
        const conditions: ConditionResult[] = [
          {
            condition: 'status',
            expected: '200',
            actual: kind === 'fail' ? '503' : '200',
            ok: kind !== 'fail',
            severity: 'fail',
          },
          {
            condition: 'maxLatency',
            expected: '≤ 500ms',
            actual: `${ms}ms`,
            ok: ms <= 500,
            severity: 'degrade',
          },
        ];
        resolve(make([], conditions, ms));
      }, ms);
    });
  };
  return { probe, behaviour, calls, maxInFlight: () => maxInFlight };
}

export class CountingStore extends MemoryResultStore {
  prunes = 0;
  override prune(nowMs: number): Promise<number> {
    this.prunes++;
    return super.prune(nowMs);
  }
}

export async function setup(
  options: {
    /** The harness's config (orders, billing) when absent. */
    config?: AetherConfig;
    store?: ResultStore;
    clock?: FakeClock;
    concurrency?: number;
    ownership?: CheckOwnership;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(T0);
  const store = options.store ?? new MemoryResultStore({ clock, flushIntervalMs: 60_000 });
  const events = new EventBus();
  const seen: BusEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const fake = fakeProbe(clock);
  const monitor = await createMonitor({
    config: options.config ?? config,
    store,
    clock,
    probe: fake.probe,
    events,
    logger: pino({ level: 'silent' }),
    concurrency: options.concurrency,
    ownership: options.ownership,
  });
  const statusOf = (id: string) => monitor.listServices().find((s) => s.id === id)!.status;
  const statusEvents = () =>
    seen.filter((e) => e.type === 'status').map((e) => StatusEvent.parse(e.data));
  return { clock, store, events, seen, monitor, statusOf, statusEvents, ...fake };
}

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult } from '@aether/contract';

/** The slice of the gateway's ResultStore the benchmarks drive (gateway/src/store/types.ts). */
export interface ResultStoreLike {
  recordResult(result: CheckResult): void;
  flush(): void;
  prune(nowMs: number): number;
  close(): void;
}

export interface DatabaseLike {
  prepare(sql: string): { get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };
  pragma(sql: string, options?: { simple: boolean }): unknown;
  close(): void;
}

/** A clock the seeding script moves by hand; the store's flush timer never fires (we flush ourselves). */
export class ManualClock {
  constructor(public current: number) {}
  now = () => this.current;
  setTimeout = () => 0;
  clearTimeout = () => {};
}

export interface StoreModule {
  openDatabase(file: string): DatabaseLike;
  DEFAULT_RETENTION: { rawMs: number; minuteMs: number; hourMs: number };
  SqliteResultStore: new (
    db: DatabaseLike,
    options: {
      clock: ManualClock;
      retention?: { rawMs?: number; minuteMs?: number; hourMs?: number };
      batchSize?: number;
    },
  ) => ResultStoreLike;
}

/** The built gateway's own store (gateway/dist/store), so seeded rows are exactly what the gateway writes. */
export async function loadGatewayStore(root: string): Promise<StoreModule> {
  return (await import(
    pathToFileURL(path.join(root, 'gateway/dist/store/index.js')).href
  )) as StoreModule;
}

/** A plausible HTTP result: mostly fast successes, a slow tail, rare failures. */
export function syntheticResult(
  serviceId: string,
  checkId: string,
  ts: number,
  random: () => number,
): CheckResult {
  const failed = random() < 0.002;
  const latency = failed ? 2000 : 5 + random() * 20 + (random() < 0.02 ? random() * 400 : 0);
  return {
    serviceId,
    checkId,
    type: 'http',
    timestamp: new Date(ts).toISOString(),
    success: !failed,
    status: failed ? 'down' : latency > 500 ? 'degraded' : 'up',
    durationMs: latency,
    conditions: [],
    errors: [],
    target: 'GET http://127.0.0.1/health',
  };
}

/** A small deterministic PRNG so two runs seed the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

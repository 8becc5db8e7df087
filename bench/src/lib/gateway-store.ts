import type { CheckResult } from '@aether/contract';
import type * as GatewayStore from '@aether/gateway/store';

/**
 * The built gateway's own store (`@aether/gateway/store`, i.e. gateway/dist/store), so seeded
 * rows are exactly what the gateway writes and the types are the gateway's, not a copy that can
 * drift. Imported lazily: benches that do not seed never need the gateway built.
 */
export type StoreModule = typeof GatewayStore;
export type Database = ReturnType<StoreModule['openDatabase']>;

export async function loadGatewayStore(): Promise<StoreModule> {
  return import('@aether/gateway/store');
}

/** A clock the seeding script moves by hand; the store's flush timer never fires (we flush ourselves). */
export class ManualClock {
  constructor(public current: number) {}
  now = () => this.current;
  setTimeout = () => 0;
  clearTimeout = () => {};
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

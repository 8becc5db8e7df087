import { randomBytes } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import type { ServiceSummary } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';

export interface SerializedList {
  /** The summaries this body was built from (pages and changes are cut from the same build). */
  services: readonly ServiceSummary[];
  body: Buffer;
  etag: string;
  /** The body gzipped, made on first use and kept with it: 10,000 services are ~3 MB of JSON, ~10x less gzipped. */
  gzipped(): Buffer;
}

export interface ServicesCacheOptions {
  monitor: Monitor;
  events: EventBus;
  clock: Clock;
  /** After a change, the list is rebuilt at most this often (a busy fleet changes every millisecond). */
  minRebuildMs?: number;
  /** Rebuilt at least this often even without events: uptime windows slide with time. */
  maxAgeMs?: number;
}

/**
 * GET /api/services serialized once per change rather than per request: with 10,000 services the
 * JSON is megabytes, so requests share one Buffer and its ETag, and clients revalidate to a 304.
 */
export function createServicesCache({
  monitor,
  events,
  clock,
  minRebuildMs = 1000,
  maxAgeMs = 30_000,
}: ServicesCacheOptions) {
  // a status change is rebuilt at once; a mere new result (latency, lastCheckedAt) may wait minRebuildMs
  let statusVersion = 0;
  let resultVersion = 0;
  const bootId = randomBytes(6).toString('base64url');
  let builds = 0;
  let built:
    (SerializedList & { statusVersion: number; resultVersion: number; at: number }) | undefined;
  // The monitor keeps each service's summary object until that service changes, so a rebuild
  // re-serializes only the services that changed since the last one and joins the rest.
  const fragments = new WeakMap<ServiceSummary, string>();
  const fragmentOf = (summary: ServiceSummary) => {
    let json = fragments.get(summary);
    if (json === undefined) fragments.set(summary, (json = JSON.stringify(summary)));
    return json;
  };
  const build = (now: number) => {
    const services = monitor.listServices();
    const body = Buffer.from(`[${services.map(fragmentOf).join(',')}]`);
    // one tag per build, unique across restarts: cheaper than hashing megabytes, and a rebuild only
    // happens when something changed (or maxAgeMs passed)
    const etag = `"${bootId}-${++builds}"`;
    let gzipped: Buffer | undefined;
    // level 1: most of the size win for a fraction of the CPU, and it runs at most once per rebuild
    const gzip = () => (gzipped ??= gzipSync(body, { level: constants.Z_BEST_SPEED }));
    return { services, body, etag, gzipped: gzip, statusVersion, resultVersion, at: now };
  };
  const unsubscribe = events.subscribe((event) => {
    // a result may wait; anything else (status, and whatever else may change services: a config
    // reload, maintenance) is rebuilt at once, so pages and changes never miss an added service
    if (event.type === 'result') resultVersion++;
    else statusVersion++;
  });

  return {
    get(): SerializedList {
      const now = clock.now();
      const age = built ? now - built.at : Infinity;
      const stale =
        !built ||
        age >= maxAgeMs ||
        built.statusVersion !== statusVersion ||
        (built.resultVersion !== resultVersion && age >= minRebuildMs);
      if (stale) built = build(now);
      return built!;
    },
    /** JSON of some summaries of the current build (a page), from the same cached fragments. */
    serialize(services: readonly ServiceSummary[]): Buffer {
      return Buffer.from(`[${services.map(fragmentOf).join(',')}]`);
    },
    /** Forget the cached list: the next request rebuilds it. */
    invalidate(): void {
      built = undefined;
    },
    close: unsubscribe,
  };
}

import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { serviceMatcher, type ServiceListQuery, type ServiceSummary } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';

const gzipAsync = promisify(gzip);

/** One page of a filtered list: its JSON and the position the next page starts at (null: none). */
export interface ServicePage {
  body: Buffer;
  next: number | null;
}

export interface SerializedList {
  /** The summaries this body was built from (pages and changes are cut from the same build). */
  services: readonly ServiceSummary[];
  /** The whole list's JSON, joined on first use: a page or a change never pays for the ~3 MB. */
  readonly body: Buffer;
  etag: string;
  /**
   * The body gzipped, made on first use (on the thread pool: callers meanwhile share one promise)
   * and kept with it: 10,000 services are ~3 MB of JSON, ~10x less gzipped.
   */
  gzipped(): Buffer | Promise<Buffer>;
  /**
   * The page of matching services from position `start` (at most `limit`), serialized once per
   * build and query: 200 dashboards polling the same view share it until the list changes.
   */
  page(query: ServiceListQuery, start: number, limit: number): ServicePage;
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

/** Pages kept per build (one per distinct query); past it the oldest is dropped. */
const MAX_PAGES_PER_BUILD = 64;

/** First index of `positions` (ascending) at or after `start`. */
function firstAtOrAfter(positions: readonly number[], start: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * GET /api/services serialized once per change rather than per request: with 10,000 services the
 * JSON is megabytes, so requests share one Buffer and its ETag, and clients revalidate to a 304.
 * A build is only the summaries' array; the whole body, the per-group index and each page are
 * made from it when first asked, so a filtered page costs O(page), not O(fleet).
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
  const serialize = (services: readonly ServiceSummary[]) =>
    Buffer.from(`[${services.map(fragmentOf).join(',')}]`);

  const build = (now: number) => {
    const services = monitor.listServices();
    // one tag per build, unique across restarts: cheaper than hashing megabytes, and a rebuild only
    // happens when something changed (or maxAgeMs passed)
    const etag = `"${bootId}-${++builds}"`;
    let body: Buffer | undefined;
    let gzipped: Buffer | undefined;
    let zipping: Promise<Buffer> | undefined;
    let groups: Map<string, number[]> | undefined;
    const pages = new Map<string, ServicePage>();
    const bodyOf = () => (body ??= serialize(services));
    /** Positions of each group's services in the list: a group's page walks only its own. */
    const positionsOf = (group: string) => {
      if (!groups) {
        groups = new Map();
        services.forEach((s, i) => {
          const at = groups!.get(s.group);
          if (at) at.push(i);
          else groups!.set(s.group, [i]);
        });
      }
      return groups.get(group) ?? [];
    };
    const cut = (query: ServiceListQuery, start: number, limit: number) => {
      const matches = serviceMatcher(query);
      const items: ServiceSummary[] = [];
      const take = (i: number) => {
        if (!matches(services[i]!)) return false;
        if (items.length === limit) return true;
        items.push(services[i]!);
        return false;
      };
      if (query.group !== undefined) {
        const positions = positionsOf(query.group);
        for (let k = firstAtOrAfter(positions, start); k < positions.length; k++)
          if (take(positions[k]!)) return { items, next: positions[k]! };
      } else {
        for (let i = start; i < services.length; i++) if (take(i)) return { items, next: i };
      }
      return { items, next: null };
    };
    return {
      services,
      etag,
      get body() {
        return bodyOf();
      },
      // level 1: most of the size win for a fraction of the CPU, and it runs at most once per rebuild
      gzipped() {
        if (gzipped) return gzipped;
        zipping ??= gzipAsync(bodyOf(), { level: constants.Z_BEST_SPEED }).then(
          (zipped) => (gzipped = zipped),
          (error: unknown) => {
            zipping = undefined; // the next caller tries again
            throw error;
          },
        );
        return zipping;
      },
      page(query: ServiceListQuery, start: number, limit: number): ServicePage {
        const key = JSON.stringify([query.status, query.group, query.tag, query.q, start, limit]);
        let page = pages.get(key);
        if (!page) {
          const { items, next } = cut(query, start, limit);
          page = { body: serialize(items), next };
          if (pages.size >= MAX_PAGES_PER_BUILD) pages.delete(pages.keys().next().value!);
          pages.set(key, page);
        }
        return page;
      },
      statusVersion,
      resultVersion,
      at: now,
    };
  };
  // Past maxAgeMs the next request rebuilds the list anyway: it is not kept longer (the summaries
  // of a whole fleet, most of them outdated by then, and the body when one was asked for). One
  // timer does it, moved on to the newest build's age when it fires, not one per build (up to
  // one a second, 30 waiting at once).
  let expiry: unknown;
  const letOldBuildGo = () => {
    expiry = undefined;
    if (!built) return;
    const left = built.at + maxAgeMs - clock.now();
    if (left <= 0) built = undefined;
    else expiry = clock.setTimeout(letOldBuildGo, left);
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
      if (stale) {
        built = build(now);
        expiry ??= clock.setTimeout(letOldBuildGo, maxAgeMs);
      }
      return built!;
    },
    /** Forget the cached list: the next request rebuilds it. */
    invalidate(): void {
      built = undefined;
    },
    close(): void {
      unsubscribe();
      if (expiry !== undefined) clock.clearTimeout(expiry);
      expiry = undefined;
    },
  };
}

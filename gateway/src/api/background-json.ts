import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { CachedJson } from './etag.js';
import { jsonArrayInSlices } from '../json-slices.js';

const gzipAsync = promisify(gzip);

export interface BackgroundJsonOptions<T> {
  /** Prefix of the ETags, e.g. "slos". */
  tag: string;
  /** Items mapped and stringified per turn of the event loop. */
  slice?: number;
  /** What an item is answered as (its API shape), applied a slice at a time too. */
  map?: (item: T) => unknown;
}

/**
 * A JSON array answer kept serialized, whose next version is made off the request path: when
 * the source array is replaced (a periodic refresh), the new one is stringified a slice per turn
 * of the event loop and gzipped on libuv's thread pool, while requests keep getting the previous
 * answer. Only requests that come while no answer exists at all wait for the first one.
 * At 10,000 SLOs the answer is 3–9 MB of JSON: stringify + gzipSync in one go held the loop for
 * 50–200 ms every refresh, for the requests, probes and SSE frames queued behind it.
 */
export function createBackgroundJson<T>({
  tag,
  slice = 250,
  map = (item) => item,
}: BackgroundJsonOptions<T>) {
  const bootId = randomBytes(6).toString('base64url');
  let builds = 0;
  let ready: { source: readonly T[]; cached: CachedJson } | undefined;
  let building: { source: readonly T[]; done: Promise<CachedJson> } | undefined;

  async function build(source: readonly T[]): Promise<CachedJson> {
    const body = Buffer.concat(await jsonArrayInSlices(source, slice, map));
    // level 1: most of the size win for a fraction of the CPU; every client of a panel accepts it
    const zipped = await gzipAsync(body, { level: constants.Z_BEST_SPEED });
    return { body, etag: `"${tag}-${bootId}-${++builds}"`, gzipped: () => zipped };
  }

  function start(source: readonly T[]): void {
    const done = build(source).then(
      (cached) => {
        // one build at a time, so the one ending now is of the newest source asked for
        ready = { source, cached };
        building = undefined;
        return cached;
      },
      (error: unknown) => {
        building = undefined;
        throw error;
      },
    );
    building = { source, done };
  }

  const api = {
    /**
     * The answer for `source`: its own when made, else the previous one while `source`'s is made
     * in the background; a promise only while no answer was ever made.
     */
    get(source: readonly T[]): CachedJson | Promise<CachedJson> {
      if (ready?.source === source) return ready.cached;
      // one build at a time: a newer source is started by the first request after this one ends
      if (!building) start(source);
      const pending = building!.done;
      if (ready) {
        pending.catch(() => {}); // a failed background build is retried by the next request
        return ready.cached;
      }
      return pending.then(() => api.get(source));
    },
    /** Resolves when no build is running (tests wait on it instead of on time). */
    async settled(): Promise<void> {
      while (building) await building.done.catch(() => {});
    },
  };
  return api;
}

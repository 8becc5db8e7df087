import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Uptime } from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { ResultStore, UptimeCounts } from '../store/types.js';

const HOUR = 3_600_000;
const NO_UPTIME: Uptime = { h1: null, h24: null, d7: null };
/**
 * Every service without a failure in 7 days shares this one (a healthy fleet is nearly all of
 * them): an object per service was 1.4 MiB at 30,000 services, kept in the map and the list.
 */
const ALL_UP: Uptime = Object.freeze({ h1: 1, h24: 1, d7: 1 });

export interface UptimeColumns {
  /** The service's 1h/24h/7d uptime as last read. */
  get(serviceId: string): Uptime;
  /**
   * Starts a refresh when the columns are older than the refresh interval; readers keep the
   * values they had meanwhile (the store is async, the service list is not). At most one at a time.
   */
  refresh(): Promise<void>;
}

const ratio = (counts: UptimeCounts | undefined) =>
  counts && counts.count > 0 ? (counts.count - counts.failures) / counts.count : null;

/** Ids taken in per turn of the loop while a refresh reads its counts. */
const LOAD_SLICE = 2000;

const same = (a: Uptime, b: Uptime) => a.h1 === b.h1 && a.h24 === b.h24 && a.d7 === b.d7;

/**
 * The uptime columns of the service list, read from the store at most every `refreshMs`.
 *
 * A refresh tells `onRefresh` only the services whose values moved: rebuilding all 10,000 list
 * entries after every refresh was one synchronous block every 30 s behind the lists' p99. Values
 * do move for every service with a failure in the last 7 days (its ratios shift as results come
 * in), so the ids go out `chunk` at a time, `spacingMs` apart: each list rebuild in between
 * (at most one a second while probing) re-makes a slice, not the fleet. The values themselves
 * are current at once for any entry rebuilt for another reason.
 */
export function createUptimeColumns(options: {
  store: ResultStore;
  clock: Clock;
  logger: Pick<Logger, 'error'>;
  refreshMs: number;
  /** Called with services whose values changed, so their cached summaries are rebuilt. */
  onRefresh: (serviceIds: readonly string[]) => void;
  /** Ids per onRefresh call; the rest follow `spacingMs` later, chunk by chunk. */
  chunk?: number;
  spacingMs?: number;
}): UptimeColumns {
  const { store, clock, logger, refreshMs, onRefresh, chunk = 1000, spacingMs = 1000 } = options;
  let columns = new Map<string, Uptime>();
  let readAt = -Infinity;
  let loading: Promise<void> | null = null;
  /** Ids whose new values their list entries do not show yet (told on a later tick). */
  let untold: string[] = [];
  let telling: unknown = null;
  let loaded = false;

  function tell(): void {
    telling = null;
    const now = untold.slice(0, chunk);
    untold = untold.slice(chunk);
    if (untold.length > 0) telling = clock.setTimeout(tell, spacingMs);
    if (now.length > 0) onRefresh(now);
  }

  async function load(now: number): Promise<void> {
    const [h1, h24, d7] = await Promise.all([
      store.uptimeByService(now - HOUR, now),
      store.uptimeByService(now - 24 * HOUR, now),
      store.uptimeByService(now - 7 * 24 * HOUR, now),
    ]);
    const next = new Map<string, Uptime>();
    // still untold from the last refresh: their entries show older values whatever comes now
    const changed = new Set(untold);
    // d7 covers the other two windows, but read all three keys in case a store's windows differ
    let n = 0;
    for (const window of [d7, h24, h1])
      for (const id of window.keys()) {
        // at 30,000 services this loop was 0.34 s of a CPU profile in one go: the loop turns between slices
        if (++n % LOAD_SLICE === 0) await nextTurn();
        if (next.has(id)) continue;
        const made = { h1: ratio(h1.get(id)), h24: ratio(h24.get(id)), d7: ratio(d7.get(id)) };
        const value = same(made, ALL_UP) ? ALL_UP : made;
        const old = columns.get(id) ?? NO_UPTIME;
        if (same(old, value)) next.set(id, old);
        else {
          next.set(id, value);
          changed.add(id);
        }
      }
    // no results left in any window: the entry must stop showing its last values
    for (const id of columns.keys()) if (!next.has(id)) changed.add(id);
    columns = next;
    if (!loaded) {
      // the monitor's first read comes before any list entry is built: all at once costs nothing
      loaded = true;
      onRefresh([...changed]);
      return;
    }
    untold = [...changed];
    if (telling !== null) clock.clearTimeout(telling);
    tell();
  }

  return {
    get: (serviceId) => columns.get(serviceId) ?? NO_UPTIME,
    refresh() {
      const now = clock.now();
      if (loading || now - readAt < refreshMs) return loading ?? Promise.resolve();
      readAt = now;
      loading = load(now)
        .catch((error: unknown) => logger.error({ err: error }, 'reading uptime failed'))
        .finally(() => {
          loading = null;
        });
      return loading;
    },
  };
}

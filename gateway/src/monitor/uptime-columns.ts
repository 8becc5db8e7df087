import type { Uptime } from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { ResultStore, UptimeCounts } from '../store/types.js';

const HOUR = 3_600_000;
const NO_UPTIME: Uptime = { h1: null, h24: null, d7: null };

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

/** The uptime columns of the service list, read from the store at most every `refreshMs`. */
export function createUptimeColumns(options: {
  store: ResultStore;
  clock: Clock;
  logger: Pick<Logger, 'error'>;
  refreshMs: number;
  /** Called after new values arrived, so cached summaries are rebuilt. */
  onRefresh: () => void;
}): UptimeColumns {
  const { store, clock, logger, refreshMs, onRefresh } = options;
  let columns = new Map<string, Uptime>();
  let readAt = -Infinity;
  let loading: Promise<void> | null = null;

  async function load(now: number): Promise<void> {
    const [h1, h24, d7] = await Promise.all([
      store.uptimeByService(now - HOUR, now),
      store.uptimeByService(now - 24 * HOUR, now),
      store.uptimeByService(now - 7 * 24 * HOUR, now),
    ]);
    const ids = new Set([...h1.keys(), ...h24.keys(), ...d7.keys()]);
    columns = new Map(
      [...ids].map((id) => [
        id,
        { h1: ratio(h1.get(id)), h24: ratio(h24.get(id)), d7: ratio(d7.get(id)) },
      ]),
    );
    onRefresh();
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

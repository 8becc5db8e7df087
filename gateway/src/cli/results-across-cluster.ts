import type { CheckResult } from '@aether/contract';
import type { Logger } from 'pino';
import type { CheckOwnership } from '../monitor/types.js';
import type { ResultStore } from '../store/types.js';
import { PgResultStore } from '../store/postgres/pg-result-store.js';

export interface ResultSharing {
  /** A result another gateway probed (relayed): counted and shown, never written here. */
  remoteResult(result: CheckResult): void;
  stop(): void;
}

/**
 * What the cluster tells the result store: results probed elsewhere (uptime columns, and which
 * checks' open history buckets to read from their prober's raw rows), and services this gateway
 * just gained, whose open buckets it rebuilds from the previous holder's raw rows before closing
 * them itself. Nothing on SQLite.
 */
export function shareResultsAcrossCluster(
  results: ResultStore,
  ownership: CheckOwnership,
  serviceIds: () => readonly string[],
  logger: Pick<Logger, 'warn'>,
): ResultSharing | undefined {
  if (!(results instanceof PgResultStore)) return undefined;
  let owned = new Set<string>();
  const off = ownership.onChange((change) => {
    // a lease change that names its shards: their services only, not every id of the config
    const lost = change && ownership.servicesIn?.(change.lost);
    const moved = change && ownership.servicesIn?.(change.gained);
    let gained: string[];
    if (lost && moved) {
      for (const id of lost) if (!ownership.owns(id)) owned.delete(id);
      gained = [...moved].filter((id) => ownership.owns(id) && !owned.has(id));
      for (const id of gained) owned.add(id);
    } else {
      const now = new Set(serviceIds().filter((id) => ownership.owns(id)));
      gained = [...now].filter((id) => !owned.has(id));
      owned = now;
    }
    if (gained.length > 0)
      results
        .adopt(gained)
        .catch((error: unknown) =>
          logger.warn(
            { err: error, services: gained.length },
            'rebuilding taken-over buckets failed',
          ),
        );
  });
  return {
    remoteResult: (result) => results.observeRemote(result),
    stop: off,
  };
}

import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { ClusterNode } from '../cluster/cluster-node.js';
import type { ConfigReloader, ReloadTrigger } from '../config/reload/index.js';
import type { AetherConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import { openPgPool } from '../store/postgres/pg-pool.js';

export interface GatewayCluster {
  node: ClusterNode;
  /** Creates the cluster's tables; call once the database answers (the stores are open). */
  migrate(): Promise<void>;
  /** Releases the leases, stops relaying, ends the cluster's connections. */
  close(): Promise<void>;
}

/**
 * The cluster membership of a gateway on Postgres (none on SQLite). Its lease and NOTIFY queries
 * run on a small pool of their own, so a renewal never queues behind a big batch of result
 * writes on the stores' pool: a busy gateway must not lose its leases for being busy.
 */
export function createGatewayCluster(options: {
  config: AetherConfig;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}): GatewayCluster | undefined {
  const { config, clock, events, logger } = options;
  const url = config.storage.postgres;
  if (!url) return undefined;
  const pool = openPgPool({
    url,
    max: 3,
    onError: (error) => logger.warn({ err: error }, 'cluster connection error (handled)'),
  });
  const id = (options.env ?? process.env).AETHER_GATEWAY_ID || undefined;
  const node = new ClusterNode({
    pool,
    url,
    shards: config.cluster.shards,
    leaseTtlMs: config.cluster.leaseTtl,
    ...(id ? { id } : {}),
    clock,
    events,
    logger: logger.child({ gateway: id }),
  });
  let closed = false;
  return {
    node,
    migrate: () => node.migrate(),
    async close() {
      if (closed) return;
      closed = true;
      await node.stop();
      await pool.end();
    },
  };
}

/**
 * A reloader whose reloads on this gateway (file, SIGHUP, API) also ask every other gateway to
 * re-read its own file; the reloads those requests start here are not passed on again.
 */
export function reloadingAcrossCluster(
  reloader: ConfigReloader,
  node: ClusterNode,
  logger: Pick<Logger, 'warn'>,
): ConfigReloader {
  return {
    current: () => reloader.current(),
    async reload(trigger: ReloadTrigger) {
      const outcome = await reloader.reload(trigger);
      if (trigger !== 'cluster')
        void node
          .requestReload()
          .catch((error: unknown) =>
            logger.warn({ err: error }, 'asking the other gateways to reload failed'),
          );
      return outcome;
    },
  };
}

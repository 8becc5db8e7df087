import type { Logger } from 'pino';
import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { AppDeps } from '../api/deps.js';
import { answerStatusOf } from '../api/refusal-status.js';
import { openAuditLog } from '../audit/open-audit-log.js';
import { GatewayAlerting } from '../alerting/gateway-alerting.js';
import { createAuthServices } from '../auth/auth-services.js';
import { createDeploys } from '../deploys/create-deploys.js';
import { createSloService } from '../slo/slo-service.js';
import type { LoginLimits } from '../auth/login-limiter.js';
import type { Monitor } from '../monitor/types.js';
import { createMonitor } from '../monitor/index.js';
import { OperationsEngine } from '../operations/operations-engine.js';
import { VerifyLimiter } from '../operations/verify-limit.js';
import { createPanelRegistry, type PanelRegistry } from '../panels/index.js';
import { runProbe } from '../probes/index.js';
import { openSqliteStores, type GatewayStores } from '../store/index.js';
import { openPostgresStores } from '../store/postgres/open-postgres-stores.js';
import type { ConfigReloader } from '../config/reload/index.js';
import { createGatewayReloader } from './config-reloading.js';
import { createGatewayCluster, reloadingAcrossCluster } from './cluster-wiring.js';
import { shareResultsAcrossCluster } from './results-across-cluster.js';

export interface BuildGatewayOptions {
  config: AetherConfig;
  /** Path of the config file, for messages. */
  configPath: string;
  /**
   * The file's text `config` was loaded from: its hash is the one shown and compared on reload.
   * Without it the file is read again, which a write during the start makes another file's.
   * Kept deflated (deflatedText): these options stay reachable for as long as the gateway runs.
   */
  configText?: () => string;
  version: string;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  /** Where operation headers' `${VAR}` are resolved; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Stand-ins for tests that do not exercise probing or the panel registry. */
  monitor?: (stores: GatewayStores) => Monitor | Promise<Monitor>;
  panels?: PanelRegistry;
  loginLimits?: Partial<LoginLimits>;
  processMetrics?: boolean;
  sseHeartbeatMs?: number;
  /** The start's overrides (--port, --host, --db), applied again to every reloaded config. */
  adjustConfig?: (config: AetherConfig) => AetherConfig;
}

export interface BuiltGateway {
  /** What createApp takes. */
  deps: AppDeps;
  stores: GatewayStores;
  monitor: Monitor;
  /** Re-reads and applies the config file (file watcher, SIGHUP, POST /api/config/reload). */
  configReloader: ConfigReloader;
  /** /ready answers not ready from now on (shutdown has begun). */
  markStopping(): void;
  /** Flushes buffered writes and closes the stores; stop the monitor first. */
  close(): Promise<void>;
}

/**
 * The composition root: every part of one gateway — stores, monitor, panel registry, audit log,
 * operations engine with its approvals, tokens, sessions, login limiter — built once from config,
 * clock, events and logger, and handed to createApp. `aether serve` and the tests build the
 * gateway through here alike (tests with ':memory:' storage and a fake clock).
 */
export async function buildGateway(options: BuildGatewayOptions): Promise<BuiltGateway> {
  const { config, clock, events, logger } = options;
  const results = {
    clock,
    retention: {
      rawMs: config.storage.retention.raw,
      minuteMs: config.storage.retention.rollup,
      hourMs: config.storage.retention.hourly,
      dayMs: config.storage.retention.daily,
    },
    onError: (error: unknown) => logger.error({ err: error }, 'writing results failed'),
  };
  // several gateways on one Postgres database split the checks by shard lease (none on SQLite)
  const cluster = createGatewayCluster(options);
  // storage.postgres (or AETHER_DATABASE_URL, filled in by the loader) selects Postgres
  const stores = config.storage.postgres
    ? await openPostgresStores({
        url: config.storage.postgres,
        results: cluster ? { ...results, fence: cluster.node.fence } : results,
        onError: (error) => logger.warn({ err: error }, 'postgres connection error (handled)'),
      })
    : openSqliteStores({ path: config.storage.sqlite, results });
  let alerting: GatewayAlerting | undefined;
  try {
    await cluster?.migrate();
    alerting = await GatewayAlerting.start({
      config,
      stores,
      clock,
      events,
      logger,
      env: options.env ?? process.env,
    });
    const scheduled = options.monitor
      ? undefined
      : await createMonitor({
          config,
          store: stores.results,
          clock,
          events,
          probe: runProbe,
          logger,
          ...(cluster ? { ownership: cluster.node.ownership } : {}),
        });
    // the monitor as everything else reads it: services carry `maintenance`, status feeds alerts
    // in a cluster a service's alerts are evaluated by the owner of its shard only, from the start
    const monitor = alerting.attach(
      scheduled ?? (await options.monitor!(stores)),
      cluster?.node.ownership,
    );
    const panels =
      options.panels ??
      (await createPanelRegistry({ config, log: stores.panelLog, events, clock }));
    const audit = await openAuditLog({
      config,
      store: stores.audit,
      clock,
      logger,
      events,
      env: options.env ?? process.env,
    });
    const operations = new OperationsEngine({
      config,
      clock,
      logger,
      events,
      audit,
      approvals: stores.approvals,
      confirmTokens: stores.confirmTokens,
      statusOf: answerStatusOf,
      env: options.env,
      refusalsPerMinute: config.audit.refusalsPerMinute,
      confirmTtlMs: config.operations.confirmTtl,
      approvalTtlMs: config.operations.approvalTtl,
    });
    await operations.restoreLimits();
    const verifyLimit = new VerifyLimiter(clock, config.verify.perMinute, stores.loginFailures);
    await verifyLimit.restore();
    const auth = await createAuthServices({
      config,
      clock,
      sessionStore: stores.sessions,
      loginFailureStore: stores.loginFailures,
      loginLimits: options.loginLimits,
    });
    const deploys = createDeploys({
      store: stores.deploys,
      results: stores.results,
      monitor,
      clock,
      events,
      audit,
    });
    const slos = createSloService({
      config,
      store: stores.results,
      events,
      clock,
      ...(alerting
        ? {
            maintenanceAt: alerting.core.inMaintenanceAt.bind(alerting.core),
            observe: alerting.core.observe.bind(alerting.core),
          }
        : {}),
    });
    const localReloader = createGatewayReloader({ ...options, monitor, auth, alerting, slos });
    const configReloader = cluster
      ? reloadingAcrossCluster(localReloader, cluster.node, logger)
      : localReloader;
    // results probed elsewhere reach the uptime columns and history; gained services' open buckets are rebuilt
    const sharing =
      cluster &&
      shareResultsAcrossCluster(
        stores.results,
        cluster.node.ownership,
        // the config's ids, not the monitor's list: asked on every lease change, that one builds
        // the whole list (30,000 entries, the summaries results changed, the maintenance view)
        () => configReloader.current().config.services.map((s) => s.id),
        logger,
      );
    await cluster?.node.start({
      configHash: () => configReloader.current().sha256,
      checks: () => monitor.stats?.().jobs ?? 0,
      services: () => configReloader.current().config.services,
      remoteResult: (result) => {
        scheduled?.applyRemoteResult(result);
        sharing?.remoteResult(result);
      },
      // a refused reload is logged by the reloader with its file:line:col
      reload: () => void configReloader.reload('cluster').catch(() => undefined),
    });
    let stopping = false;
    const deps: AppDeps = {
      config,
      configPath: options.configPath,
      version: options.version,
      clock,
      logger,
      events,
      monitor,
      panels,
      audit,
      operations,
      auth,
      deploys: deploys.deploys,
      slos,
      configReloader,
      alerting,
      ...(cluster ? { cluster: cluster.node } : {}),
      verifyLimit,
      readiness: () => ({
        config: !stopping,
        storage: stores.isOpen() && !stopping,
        scheduler: monitor.running && !stopping,
      }),
      ...(options.processMetrics !== undefined ? { processMetrics: options.processMetrics } : {}),
      ...(options.sseHeartbeatMs !== undefined ? { sseHeartbeatMs: options.sseHeartbeatMs } : {}),
    };
    return {
      deps,
      stores,
      monitor,
      configReloader,
      markStopping: () => void (stopping = true),
      close: async () => {
        deploys.close();
        slos.close();
        await alerting?.stop(); // its last alert changes are written before the database closes
        sharing?.stop();
        await cluster?.close(); // the monitor has stopped: its shards go back at once
        return stores.close();
      },
    };
  } catch (error) {
    await alerting?.stop();
    await cluster?.close();
    await stores.close();
    throw error;
  }
}

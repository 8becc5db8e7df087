import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadConfigFileInWorker, loadConfigTextInWorker } from '../config/load-in-worker.js';
import type { AetherConfig } from '../config/schema.js';
import {
  deflatedText,
  watchConfigFile,
  type ConfigReloader,
  type ReloadOutcome,
  type ReloadTrigger,
} from '../config/reload/index.js';
import { systemClock, type Clock } from '../clock.js';
import { EventBus } from '../events/bus.js';
import { createApp, type AetherApp } from '../api/app.js';
import type { AppDeps } from '../api/deps.js';
import type { GatewayStores } from '../store/index.js';
import { createLogger } from './logger.js';
import { GATEWAY_VERSION } from './version.js';
import { buildGateway } from './build-gateway.js';
import { redactUrl } from '../config/redact-url.js';

export interface StartOptions {
  /** Config file; AETHER_CONFIG or ./aether.config.yaml when absent. */
  configPath?: string;
  /** Overrides server.port (0 picks a free port). */
  port?: number;
  /** Overrides server.host. */
  host?: string;
  /** Overrides storage.sqlite (AETHER_DB does too). */
  dbPath?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clock?: Clock;
  /** Longest a graceful close may take before open connections are cut. */
  shutdownTimeoutMs?: number;
  /**
   * Re-read the config when its file changes on disk (debounced) and on SIGHUP. Off unless asked
   * for (`aether serve` asks), so tests that start many gateways in one process hold no watchers
   * or signal handlers they did not want.
   */
  liveConfig?: { watch?: boolean; sighup?: boolean; debounceMs?: number };
}

export interface RunningGateway {
  /** http://host:port the gateway listens on. */
  url: string;
  server: Server;
  app: AetherApp;
  /** What the app was built from (tests reach the event bus and the parts through it). */
  deps: AppDeps;
  /** The stores behind the parts (tests look at raw rows through them). */
  stores: GatewayStores;
  config: AetherConfig;
  /** Re-reads and applies the config file now, as a file change or SIGHUP would. */
  reload(trigger?: ReloadTrigger): Promise<ReloadOutcome>;
  /** Graceful: stop accepting, stop scheduling, finish or cancel probes, flush, close streams and the DB. */
  close(): Promise<void>;
}

export const DEFAULT_CONFIG_PATH = './aether.config.yaml';

/**
 * How long an idle keep-alive connection stays open: well above the idle reuse of what connects
 * (undici/fetch 4 s, Prometheus, balancers: nginx upstream keepalive and AWS ALB 60 s), so no client
 * sends a request on a connection the gateway is closing at that instant (Node's 5 s default reset
 * a /metrics scrape taken 3 s after the previous one on a loaded machine). A shutdown closes them
 * as soon as they are idle (see close), so this does not lengthen it.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Above the keep-alive timeout, as Node's docs advise for servers behind balancers. */
export const HEADERS_TIMEOUT_MS = 66_000;

/** Which config file and database a serve would use, from options then environment then defaults. */
export function resolvePaths(options: Pick<StartOptions, 'configPath' | 'dbPath' | 'env'>) {
  const env = options.env ?? process.env;
  return {
    configPath: options.configPath ?? env.AETHER_CONFIG ?? DEFAULT_CONFIG_PATH,
    dbPath: options.dbPath ?? (env.AETHER_DB || undefined),
  };
}

/**
 * Loads the config, builds the gateway's parts (buildGateway: stores → monitor → registry →
 * operations → auth), hands them to the app and listens. Throws ConfigError before anything is opened when the config is bad: the gateway never
 * starts half-configured.
 */
export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(env);
  const clock = options.clock ?? systemClock;
  const { configPath, dbPath } = resolvePaths(options);
  // the start's overrides, applied again to every reloaded config
  const adjustConfig = (loaded: AetherConfig): AetherConfig => ({
    ...loaded,
    server: {
      ...loaded.server,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
    },
    storage: { ...loaded.storage, ...(dbPath !== undefined ? { sqlite: dbPath } : {}) },
  });
  // read once: the running config and the hash shown (and compared by reloads) are of one text
  let configText: string | undefined;
  try {
    configText = readFileSync(configPath, 'utf8');
  } catch {
    // loadConfigFile reports why, located, below
  }
  const config = adjustConfig(
    await (configText === undefined
      ? loadConfigFileInWorker(configPath, env)
      : loadConfigTextInWorker(configText, configPath, env)),
  );

  const events = new EventBus();
  const parts = await buildGateway({
    config,
    configPath,
    ...(configText !== undefined ? { configText: deflatedText(configText) } : {}),
    version: GATEWAY_VERSION,
    clock,
    events,
    logger,
    env,
    adjustConfig,
  });
  const { deps } = parts;
  const app = createApp(deps);

  const server = createServer(app.callback());
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // While closing, a connection is closed as soon as its response ends: an idle keep-alive one
  // would otherwise hold the close until its timeout or the deadline's cut.
  let stopping = false;
  server.on('request', (_req, res) => {
    res.once('finish', () => {
      if (stopping) server.closeIdleConnections();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    app.close();
    await parts.close();
    throw error;
  }
  parts.monitor.start();
  const stopLiveConfig = startLiveConfig(
    parts.configReloader,
    configPath,
    logger,
    options.liveConfig,
  );

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    {
      url,
      config: configPath,
      db: config.storage.postgres ? redactUrl(config.storage.postgres) : config.storage.sqlite,
      services: config.services.length,
      version: GATEWAY_VERSION,
    },
    'aether gateway listening',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      parts.markStopping();
      const deadline = options.shutdownTimeoutMs ?? 8_000;
      logger.info('shutting down: no new connections, stopping the scheduler');
      stopLiveConfig();
      stopping = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      app.close();
      server.closeIdleConnections();
      await parts.monitor.stop();
      // in-flight requests get until the deadline to finish; then their sockets are cut
      const cut = setTimeout(() => server.closeAllConnections(), deadline);
      await serverClosed;
      clearTimeout(cut);
      await parts.close();
      logger.info('stopped');
    })();
    return closing;
  };

  return {
    url,
    server,
    app,
    deps,
    stores: parts.stores,
    config,
    reload: (trigger = 'api') => parts.configReloader.reload(trigger),
    close,
  };
}

/** The file watcher and SIGHUP handler of a serving gateway; returns what stops them. */
function startLiveConfig(
  reloader: ConfigReloader,
  configPath: string,
  logger: Logger,
  live: StartOptions['liveConfig'] = {},
): () => void {
  // a refused reload is logged by the reloader with its file:line:col; nothing else to do here
  const reload = (trigger: ReloadTrigger) => void reloader.reload(trigger).catch(() => undefined);
  const stops: (() => void)[] = [];
  if (live.watch) {
    try {
      const watcher = watchConfigFile(configPath, () => reload('file'), {
        ...(live.debounceMs !== undefined ? { debounceMs: live.debounceMs } : {}),
        onError: (error) => logger.warn({ err: error }, 'watching the config file failed'),
      });
      stops.push(() => watcher.close());
    } catch (error) {
      logger.warn(
        { err: error, config: configPath },
        'cannot watch the config file; SIGHUP still reloads',
      );
    }
  }
  if (live.sighup) {
    const onHup = () => reload('sighup');
    process.on('SIGHUP', onHup);
    stops.push(() => process.off('SIGHUP', onHup));
  }
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}

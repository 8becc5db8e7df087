import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { GatewayAlerting } from '../alerting/gateway-alerting.js';
import type { AuthServices } from '../auth/auth-services.js';
import type { Clock } from '../clock.js';
import { loadConfigTextInWorker } from '../config/load-in-worker.js';
import {
  createConfigReloader,
  deflatedText,
  sha256Of,
  type ConfigReloader,
  type ReloadHook,
  type RunningConfig,
} from '../config/reload/index.js';
import type { AetherConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import type { SloService } from '../slo/slo-service.js';

export interface ConfigReloadingOptions {
  config: AetherConfig;
  configPath: string;
  monitor: Monitor;
  auth: AuthServices;
  /** Absent when the gateway runs without alerting (some tests). */
  alerting?: GatewayAlerting | undefined;
  /** SLOs follow the services' `slo` fields. */
  slos?: SloService;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** The text the running config was loaded from (deflatedText); read from configPath when absent. */
  configText?: (() => string) | undefined;
  /** How a reload loads the text it read; default loadConfigTextInWorker with `env`. */
  loadConfig?: (path: string, text: string) => Promise<AetherConfig>;
  /** The start's overrides (--port, --host, --db), applied to every reloaded config. */
  adjustConfig?: (config: AetherConfig) => AetherConfig;
}

/**
 * The gateway's config reloader, wired to the parts that take a new config while running: the
 * monitor (services and checks) and auth (tokens; sessions of tokens that left end). Other
 * sections are reported as needing a restart. The running file's text is read here for its hash
 * and for GET /api/config; a config given without a readable file (some tests) shows as its JSON.
 */
export function createGatewayReloader(options: ConfigReloadingOptions): ConfigReloader {
  const { config, configPath, monitor, auth, alerting } = options;
  const { text, fromFile } = initialText(options);
  const initial: RunningConfig = {
    path: configPath,
    config,
    text,
    sha256: sha256Of(text()),
    loadedAt: options.clock.now(),
  };
  const hooks: ReloadHook[] = [
    { sections: ['auth'], apply: async (next) => void (await auth.reconfigure(next)) },
    ...(alerting
      ? [
          {
            sections: ['alerting', 'maintenance'],
            apply: (next: AetherConfig) => alerting.reload(next),
          },
        ]
      : []),
  ];
  const reconfigure = async (next: AetherConfig) => {
    const changes = monitor.reconfigure
      ? await monitor.reconfigure(next)
      : {
          added: [],
          removed: [],
          changed: [],
          checks: { added: 0, removed: 0, replaced: 0, kept: 0 },
        };
    // The operations catalog and engine read `services` of the config object the gateway was
    // built with (deps.config): its list is swapped, so added, changed and removed operations
    // are what GET /api/services/:id/operations and invoke see from now on.
    config.services = next.services;
    options.slos?.reconfigure(next);
    return changes;
  };
  return createConfigReloader({
    initial,
    ...(fromFile ? {} : { read: () => Promise.resolve(text()) }),
    load:
      options.loadConfig ??
      ((path, text) => loadConfigTextInWorker(text, path, options.env ?? process.env)),
    ...(options.adjustConfig ? { adjust: options.adjustConfig } : {}),
    reconfigureMonitor: reconfigure,
    hooks,
    events: options.events,
    clock: options.clock,
    logger: options.logger,
  });
}

/**
 * The text the config was loaded from, kept deflated (no string of the whole file stays
 * reachable from the reloader); a config given without a readable file (some tests) is its JSON.
 */
function initialText(options: ConfigReloadingOptions): { text: () => string; fromFile: boolean } {
  if (options.configText) return { text: options.configText, fromFile: true };
  try {
    return { text: deflatedText(readFileSync(options.configPath, 'utf8')), fromFile: true };
  } catch {
    // built from a config object (tests): nothing to re-read, so a reload finds it unchanged
    return { text: deflatedText(JSON.stringify(options.config)), fromFile: false };
  }
}

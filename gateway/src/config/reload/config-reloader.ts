import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NO_CONFIG_CHANGES, type ConfigChanges } from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { EventBus } from '../../events/bus.js';
import type { MonitorChanges } from '../../monitor/reconfigure.js';
import { ConfigError, formatConfigIssue } from '../config-error.js';
import type { AetherConfig } from '../schema.js';
import { changedSections } from './config-sections.js';

/** What started a reload: shown in the log. */
export type ReloadTrigger = 'file' | 'sighup' | 'api' | 'cluster';

/** The config the gateway runs on now, as read. */
export interface RunningConfig {
  path: string;
  config: AetherConfig;
  /** The file's text as read (deflatedText), for GET /api/config (shown redacted, `${VAR}` unresolved). */
  text: () => string;
  sha256: string;
  loadedAt: number;
}

/**
 * A config file's text kept deflated, inflated on each call: only GET /api/config reads it, once
 * per file version. The cluster bench's 30,000-service file (6.2 MB, 6 MiB of heap as a string
 * for as long as it runs) is 0.26 MB deflated: 21 ms to deflate, 7 ms to inflate.
 */
export function deflatedText(text: string): () => string {
  const deflated = deflateRawSync(text);
  return () => inflateRawSync(deflated).toString('utf8');
}

/** A part of the gateway that takes some top-level sections of a new config while running. */
export interface ReloadHook {
  sections: readonly string[];
  apply(config: AetherConfig): void | Promise<void>;
}

export type ReloadOutcome =
  | { kind: 'applied'; running: RunningConfig; changes: ConfigChanges }
  | { kind: 'unchanged'; running: RunningConfig; changes: ConfigChanges };

export interface ConfigReloader {
  current(): RunningConfig;
  /**
   * Re-reads the file and applies it; throws ConfigError (located issues) when it is invalid, and
   * the running config stays. Calls are serialized: one reload at a time, in call order.
   */
  reload(trigger: ReloadTrigger): Promise<ReloadOutcome>;
}

export const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Re-reads the config on demand (file watcher, SIGHUP, POST /api/config/reload): same loader
 * and the same located errors as at start. An identical file (same sha256) is a no-op. A valid
 * new one goes to the monitor (service by service) and to every hook whose sections changed;
 * sections no part takes while running are reported in `needsRestart`. An applied reload is
 * published as an SSE `config` event, which also moves the services list revision.
 */
export function createConfigReloader(options: {
  initial: RunningConfig;
  /** Reads the file's text; default readFile. */
  read?: (path: string) => Promise<string>;
  /**
   * Loads and validates the text read from the file (loadConfigTextInWorker), throwing
   * ConfigError: the bytes hashed are the bytes applied, whatever is written meanwhile.
   */
  load: (path: string, text: string) => Promise<AetherConfig>;
  /** The overrides the gateway started with (--port, --host, --db), applied again. */
  adjust?: (config: AetherConfig) => AetherConfig;
  reconfigureMonitor?: (config: AetherConfig) => Promise<MonitorChanges>;
  hooks?: readonly ReloadHook[];
  events: EventBus;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}): ConfigReloader {
  const { load, events, clock, logger } = options;
  const read = options.read ?? ((path: string) => readFile(path, 'utf8'));
  const adjust = options.adjust ?? ((config) => config);
  const hooks = options.hooks ?? [];
  const live = new Set(['services', ...hooks.flatMap((h) => h.sections)]);
  let running = options.initial;
  let queue: Promise<unknown> = Promise.resolve();

  async function reloadNow(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const { path } = running;
    let text: string;
    try {
      text = await read(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfigError([
        { file: path, line: 0, col: 0, path: '', message: `cannot read the config: ${reason}` },
      ]);
    }
    const sha256 = sha256Of(text);
    if (sha256 === running.sha256)
      return { kind: 'unchanged', running, changes: NO_CONFIG_CHANGES };
    let config: AetherConfig;
    try {
      config = adjust(await load(path, text));
    } catch (error) {
      const lines =
        error instanceof ConfigError ? error.issues.map(formatConfigIssue) : [String(error)];
      logger.warn(
        { trigger, path, errors: lines },
        'config reload refused; the running config stays',
      );
      throw error;
    }
    const sections = changedSections(running.config, config);
    const monitor = options.reconfigureMonitor
      ? await options.reconfigureMonitor(config)
      : { ...NO_CONFIG_CHANGES, checks: { ...NO_CONFIG_CHANGES.checks } };
    for (const hook of hooks)
      if (hook.sections.some((s) => sections.includes(s))) await hook.apply(config);
    const changes: ConfigChanges = {
      ...monitor,
      sections,
      needsRestart: sections.filter((s) => !live.has(s)),
    };
    running = { path, config, text: deflatedText(text), sha256, loadedAt: clock.now() };
    const loadedAt = new Date(running.loadedAt).toISOString();
    events.publish('config', { sha256, loadedAt, changes });
    logger.info(
      {
        trigger,
        sha256,
        added: changes.added.length,
        removed: changes.removed.length,
        changed: changes.changed.length,
        sections,
        needsRestart: changes.needsRestart,
      },
      'config reloaded',
    );
    if (changes.needsRestart.length > 0)
      logger.warn(
        { sections: changes.needsRestart },
        'these config sections changed and apply on the next start',
      );
    return { kind: 'applied', running, changes };
  }

  return {
    current: () => running,
    reload(trigger) {
      const outcome = queue.then(() => reloadNow(trigger));
      queue = outcome.catch(() => undefined);
      return outcome;
    },
  };
}

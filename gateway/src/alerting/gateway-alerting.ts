import type { MaintenanceWindow as WindowView } from '@aether/contract';
import type { Logger } from 'pino';
import { Counter, Gauge, type Metric } from 'prom-client';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { CheckOwnership, Monitor } from '../monitor/types.js';
import type { AlertStore } from '../store/alert-store.js';
import {
  windowState,
  type MaintenanceStore,
  type MaintenanceWindow,
} from '../store/maintenance-store.js';
import type { OutboxStore } from '../store/outbox-store.js';
import { scheduleAlertPruning } from './alert-retention.js';
import { Alerting } from './alerting-service.js';
import { withMaintenance } from './maintenance-view.js';
import { feedStatusChanges } from './status-feed.js';
import type { Alert, AlertState } from './types.js';

export interface AlertingStores {
  alerts: AlertStore;
  outbox: OutboxStore;
  windows: MaintenanceStore;
}

export interface GatewayAlertingOptions {
  config: AetherConfig;
  stores: AlertingStores;
  clock: Clock;
  events: EventBus;
  logger: Pick<Logger, 'error' | 'info'>;
  env: NodeJS.ProcessEnv;
}

const STATES: AlertState[] = ['firing', 'resolved', 'held', 'suppressed', 'acknowledged'];

/** A stored window as the API shows it: with its state now. */
export function windowView(window: MaintenanceWindow, nowMs: number): WindowView {
  return { ...window, state: windowState(window, nowMs) };
}

/** SSE `alert`: the alert without its messages, copied (the dispatcher keeps changing its own). */
function alertEvent(alert: Alert) {
  return { ...alert };
}

/**
 * The alerting core (alerting-service.ts) wired into one gateway: its three stores, the monitor's
 * status changes in (from the event bus), SSE `alert` and `maintenance` events and the metrics
 * out, services carrying `maintenance`. The composition root calls `start`, then `attach` once the
 * monitor exists, `reload` on a new config and `stop` in shutdown.
 */
export class GatewayAlerting {
  readonly metrics: Metric[];
  private readonly notifications: Counter<'channel' | 'outcome'>;
  private view: ReturnType<typeof withMaintenance> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly stopPruning: () => void;
  private maxDurationMs: number;
  /** Suppressed alerts by service id, kept from `onAlert`: looked at on every status change. */
  private readonly suppressed = new Map<string, string>();
  /** The window the API just opened or ended, for the `maintenance` event it causes. */
  private announcing: MaintenanceWindow | null = null;

  private constructor(
    readonly core: Alerting,
    readonly stores: AlertingStores,
    private readonly options: GatewayAlertingOptions,
  ) {
    this.maxDurationMs = options.config.maintenance.maxDuration;
    this.notifications = new Counter({
      name: 'aether_notifications_total',
      help: 'Delivery attempts of alert messages by channel and outcome (delivered, retrying, failed)',
      labelNames: ['channel', 'outcome'] as const,
      registers: [],
    });
    const alerts = new Gauge({
      name: 'aether_alerts',
      help: 'Alerts the gateway holds by state (unresolved ones and the recent resolved)',
      labelNames: ['state'] as const,
      registers: [],
      collect: () => {
        const counts = new Map<AlertState, number>(STATES.map((s) => [s, 0]));
        for (const alert of core.dispatcher.alerts())
          counts.set(alert.state, (counts.get(alert.state) ?? 0) + 1);
        for (const [state, count] of counts) alerts.set({ state }, count);
      },
    });
    this.metrics = [alerts, this.notifications];
    for (const alert of core.dispatcher.alerts()) this.track(alert);
    this.stopPruning = scheduleAlertPruning({
      clock: options.clock,
      alerts: stores.alerts,
      outbox: stores.outbox,
      onPruned: (counts) => options.logger.info(counts, 'pruned alerts and messages past 30 days'),
      onError: (error) => options.logger.error({ err: error }, 'pruning alerts failed'),
    });
  }

  private track(alert: Alert): void {
    if (alert.state === 'suppressed') this.suppressed.set(alert.service.id, alert.id);
    else if (this.suppressed.get(alert.service.id) === alert.id)
      this.suppressed.delete(alert.service.id);
  }

  static async start(options: GatewayAlertingOptions): Promise<GatewayAlerting> {
    const { config, clock, events, logger, env, stores } = options;
    // the core's hooks call into the wrapper, which needs the started core first
    const late: { self?: GatewayAlerting } = {};
    const core = await Alerting.start({
      alerting: config.alerting,
      maintenance: config.maintenance,
      clock,
      env,
      shellUrl: config.server.allowedOrigins[0] ?? 'http://localhost:5173',
      ...stores,
      onAlert: (record) => {
        late.self?.track(record.alert);
        events.publish('alert', alertEvent(record.alert));
      },
      onAttempt: (message, attempt) =>
        late.self?.notifications.inc({
          channel: message.notification.channelId,
          outcome: attempt.outcome,
        }),
      onMaintenanceChange: () => late.self?.maintenanceMoved(),
      onError: (error) => logger.error({ err: error }, 'alerting failed'),
    });
    late.self = new GatewayAlerting(core, stores, options);
    return late.self;
  }

  /**
   * Feeds the dispatcher from the monitor's status changes and returns the monitor the API reads:
   * the same, with `maintenance` on every service in a window.
   */
  attach(monitor: Monitor, ownership?: CheckOwnership): Monitor {
    this.view = withMaintenance(monitor, (service) => this.core.maintenanceFor(service));
    const view = this.view;
    this.unsubscribe = feedStatusChanges(
      this.options.events,
      monitor,
      (observation) => this.core.observe(observation),
      () => this.suppressed.keys(),
      ownership,
    );
    // A status event's `service` comes from the monitor, which knows nothing of maintenance; this
    // subscriber runs before any SSE stream's (it subscribed first), so clients see it filled.
    const unfill = this.options.events.subscribe((event) => {
      if (event.type !== 'status') return;
      const data = event.data as { service: Parameters<typeof view.summaryWith>[0] };
      data.service = view.summaryWith(data.service);
    });
    const unfeed = this.unsubscribe;
    this.unsubscribe = () => {
      unfeed();
      unfill();
    };
    return view.monitor;
  }

  /** The longest window anyone may open (maintenance.maxDuration), in ms. */
  get maxWindowMs(): number {
    return this.maxDurationMs;
  }

  /** After the API opened or ended a window: holds and services follow, SSE `maintenance`. */
  async windowsChanged(window: MaintenanceWindow): Promise<void> {
    this.announcing = window;
    try {
      await this.core.refreshMaintenance();
    } finally {
      this.announcing = null;
    }
  }

  /**
   * A new config (for the live-config reload): channels, routes, recurring windows and
   * maxDuration; alerts, pending messages and ad-hoc windows stay.
   */
  reload(config: AetherConfig): void {
    this.maxDurationMs = config.maintenance.maxDuration;
    this.core.reload(config.alerting, config.maintenance);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.stopPruning();
    await this.core.stop();
  }

  /** Services' maintenance changed: a window passed a boundary, or the API changed `announcing`. */
  private maintenanceMoved(): void {
    this.view?.maintenanceMoved();
    const now = this.options.clock.now();
    this.options.events.publish('maintenance', {
      at: new Date(now).toISOString(),
      window: this.announcing ? windowView(this.announcing, now) : null,
    });
  }
}

import type { Clock } from '../clock.js';
import type { AlertingConfig, MaintenanceConfig } from '../config/alerting-schema.js';
import {
  MaintenanceCalendar,
  type ServiceMaintenance,
} from '../maintenance/maintenance-calendar.js';
import type { MatchableService } from '../maintenance/window-match.js';
import type { AlertRecord, AlertStore } from '../store/alert-store.js';
import type { MaintenanceStore } from '../store/maintenance-store.js';
import type { DeliveryAttempt, OutboxMessage, OutboxStore } from '../store/outbox-store.js';
import { AlertDispatcher, type ServiceObservation } from './alert-dispatcher.js';
import { createNotifier, type Notifier } from './channels/index.js';
import { DeliveryLoop } from './delivery-loop.js';
import { testNotification } from './test-message.js';

const MAX_TIMER_MS = 24 * 3_600_000;

export interface AlertingDeps {
  alerting: AlertingConfig;
  maintenance: MaintenanceConfig;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  /** Links in messages point into this shell. */
  shellUrl: string;
  alerts: AlertStore;
  outbox: OutboxStore;
  windows: MaintenanceStore;
  /** SSE `alert`, aether_alerts{state}. */
  onAlert?: (record: AlertRecord) => void;
  /** aether_notifications_total{channel,outcome}. */
  onAttempt?: (message: OutboxMessage, attempt: DeliveryAttempt) => void;
  /** A window started or ended: services' `maintenance` changed (bump the revision). */
  onMaintenanceChange?: () => void;
  onError?: (error: unknown) => void;
}

/**
 * The alerting core put together once, so the gateway's composition root needs a few lines:
 * `startAlerting(deps)` after the stores open, `observe` from the monitor, `maintenanceFor`
 * for service objects, `refreshMaintenance` after the API changes a window, `reload` on a new
 * config, `stop` in shutdown.
 */
export class Alerting {
  readonly dispatcher: AlertDispatcher;
  readonly loop: DeliveryLoop;
  private notifiers = new Map<string, Notifier>();
  private calendar: MaintenanceCalendar;
  private alertingConfig: AlertingConfig;
  private maintenanceTimer: unknown;
  private readonly waiting = new Map<string, (attempt: DeliveryAttempt) => void>();
  /** Changed alerts not yet written: saved together on the next turn, off the monitor's path. */
  private readonly unsaved = new Map<string, AlertRecord>();
  private saveTimer: unknown;

  private constructor(private readonly deps: AlertingDeps) {
    this.alertingConfig = deps.alerting;
    this.calendar = new MaintenanceCalendar(deps.maintenance.windows);
    this.buildNotifiers();
    this.loop = new DeliveryLoop({
      store: deps.outbox,
      clock: deps.clock,
      notifiers: () => this.notifiers,
      onAttempt: (message, attempt) => {
        this.waiting.get(message.notification.id)?.(attempt);
        this.waiting.delete(message.notification.id);
        deps.onAttempt?.(message, attempt);
      },
      ...(deps.onError ? { onError: deps.onError } : {}),
    });
    this.dispatcher = new AlertDispatcher({
      routes: () => this.alertingConfig.routes,
      clock: deps.clock,
      inMaintenance: (service, now) => this.calendar.windowFor(service, now) !== null,
      send: (notification) =>
        void this.loop.enqueue(notification).catch((error: unknown) => deps.onError?.(error)),
      onChange: (record) => {
        this.unsaved.set(record.alert.id, record);
        if (this.saveTimer === undefined)
          this.saveTimer = deps.clock.setTimeout(() => void this.save(), 0);
        deps.onAlert?.(record);
      },
      shellUrl: deps.shellUrl,
    });
  }

  /** Resumes unresolved alerts and pending messages, loads the ad-hoc windows, starts sending. */
  static async start(deps: AlertingDeps): Promise<Alerting> {
    const alerting = new Alerting(deps);
    alerting.dispatcher.restore(await deps.alerts.unresolved());
    await alerting.refreshMaintenance();
    alerting.loop.start();
    return alerting;
  }

  /** From the monitor, on every change of a service's status, since, root cause or cause. */
  observe(observation: ServiceObservation): void {
    this.dispatcher.observe(observation);
  }

  /** What a service object carries as `maintenance`. */
  maintenanceFor(service: MatchableService): ServiceMaintenance | null {
    return this.calendar.windowFor(service, this.deps.clock.now());
  }

  /** In a window at that instant? (SLOs leave such results out; ended ad-hoc windows are not kept.) */
  inMaintenanceAt(service: MatchableService, atMs: number): boolean {
    return this.calendar.windowFor(service, atMs) !== null;
  }

  /** After a window was opened or ended through the API: re-read, re-arm, re-evaluate holds. */
  async refreshMaintenance(): Promise<void> {
    const { clock, windows } = this.deps;
    this.calendar.setAdHoc(
      await windows.list({ nowMs: clock.now(), states: ['active', 'scheduled'] }),
    );
    this.maintenanceMoved();
  }

  /** A new config: channels, routes and recurring windows; alerts and pending messages stay. */
  reload(alerting: AlertingConfig, maintenance: MaintenanceConfig): void {
    this.alertingConfig = alerting;
    this.buildNotifiers();
    const adHoc = this.calendar;
    this.calendar = new MaintenanceCalendar(maintenance.windows);
    this.calendar.copyAdHocFrom(adHoc);
    this.maintenanceMoved();
  }

  /** Channel ids, types and hosts for GET /api/alerting/channels: never a secret. */
  channels(): { id: string; type: string; target: string }[] {
    return [...this.notifiers.values()].map(({ id, type, target }) => ({ id, type, target }));
  }

  /** POST /api/alerting/channels/:id/test: a durable test message; resolves with its first attempt. */
  async testChannel(channelId: string): Promise<DeliveryAttempt | undefined> {
    if (!this.notifiers.has(channelId)) return undefined;
    const notification = testNotification(channelId);
    const attempt = new Promise<DeliveryAttempt>((resolve) =>
      this.waiting.set(notification.id, resolve),
    );
    await this.loop.enqueue(notification);
    return attempt;
  }

  async stop(): Promise<void> {
    if (this.maintenanceTimer !== undefined) this.deps.clock.clearTimeout(this.maintenanceTimer);
    this.dispatcher.stop();
    await this.loop.stop();
    await this.save();
  }

  private async save(): Promise<void> {
    if (this.saveTimer !== undefined) this.deps.clock.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.unsaved.size === 0) return;
    const batch = [...this.unsaved.values()];
    this.unsaved.clear();
    await this.deps.alerts.save(batch).catch((error: unknown) => this.deps.onError?.(error));
  }

  private buildNotifiers(): void {
    const context = { env: this.deps.env, now: () => this.deps.clock.now() };
    this.notifiers = new Map(
      this.alertingConfig.channels.map((channel) => [channel.id, createNotifier(channel, context)]),
    );
  }

  /** Holds follow the calendar now, and again at its next boundary. */
  private maintenanceMoved(): void {
    const { clock } = this.deps;
    if (this.maintenanceTimer !== undefined) clock.clearTimeout(this.maintenanceTimer);
    this.maintenanceTimer = undefined;
    this.dispatcher.maintenanceChanged();
    this.deps.onMaintenanceChange?.();
    const next = this.calendar.nextChange(clock.now());
    // Node timers overflow past 24.8 days (a monthly window); looking again daily is harmless.
    if (next !== undefined)
      this.maintenanceTimer = clock.setTimeout(
        () => this.maintenanceMoved(),
        Math.min(Math.max(0, next - clock.now()), MAX_TIMER_MS),
      );
  }
}

/*
 * Over 300 lines on purpose: one state machine whose transitions (fire, hold, release, remind,
 * escalate, acknowledge, resolve, restore) share the episode bookkeeping and read best together.
 * Its inputs (dispatcher-inputs.ts), batching (message-batcher.ts) and words (message-text.ts)
 * already live apart.
 */
import { randomUUID } from 'node:crypto';
import type { AlertRoute } from '../config/alerting-schema.js';
import type { AlertRecord } from '../store/alert-store.js';
import { notFound, refuse } from '../domain/refusal.js';
import type { DispatcherOptions, ServiceObservation } from './dispatcher-inputs.js';
import { carries, MessageBatcher, type BatchKey } from './message-batcher.js';
import { alertInMessage } from './message-text.js';
import { findRoute } from './route-matching.js';
import type { Alert, MessageKind } from './types.js';

export type { DispatcherOptions, ServiceObservation } from './dispatcher-inputs.js';

interface Episode {
  alert: Alert;
  key: string;
  route: AlertRoute;
  routeIndex: number;
  /** Channels that got the alert while firing: they hear when it resolves. */
  told: Set<string>;
  /** When it last started firing (escalation counts from here, not from a maintenance hold). */
  firingSinceMs: number;
  escalated: boolean;
  reminder?: unknown;
  escalation?: unknown;
}

const RECENT_RESOLVED = 1000;

/**
 * The alert state machine (PRODUCT.md "Alerting"), driven by observations and an injected clock:
 * one alert per service episode, fired after `for`, held in maintenance and sent when the window
 * ends, suppressed under a down dependency, grouped per route and channel within `groupWait`,
 * reminded every `repeat` and escalated after `escalate.after` unless acknowledged, resolved with
 * a message to whoever was told. Pure in-memory state; the wiring persists `onChange`.
 */
export class AlertDispatcher {
  private readonly pending = new Map<string, { timer: unknown; latest: ServiceObservation }>();
  private readonly episodes = new Map<string, Episode>();
  private readonly byId = new Map<string, Episode>();
  private readonly resolvedOrder: string[] = [];
  private readonly batcher: MessageBatcher;
  private readonly newId: (prefix: 'al' | 'msg') => string;

  constructor(private readonly options: DispatcherOptions) {
    this.batcher = new MessageBatcher(options.clock, (key, ids) => this.flush(key, ids));
    this.newId = options.newId ?? ((prefix) => `${prefix}-${randomUUID()}`);
  }

  observe(observation: ServiceObservation): void {
    const key = episodeKey(observation);
    const episode = this.episodes.get(key);
    if (episode) return this.continueEpisode(episode, observation);

    const found = findRoute(this.options.routes(), observation);
    const firing = found?.route.on.includes(observation.status as 'down' | 'degraded') ?? false;
    const waiting = this.pending.get(key);
    if (!found || !firing) {
      if (waiting && observation.status !== 'unknown') {
        this.options.clock.clearTimeout(waiting.timer);
        this.pending.delete(key);
      }
      return;
    }
    if (waiting) {
      waiting.latest = observation;
      return;
    }
    const { clock } = this.options;
    const delay = Math.max(0, Date.parse(observation.since) + found.route.for - clock.now());
    if (delay === 0) return this.fire(observation);
    const timer = clock.setTimeout(() => {
      const entry = this.pending.get(key);
      this.pending.delete(key);
      if (entry) this.fire(entry.latest);
    }, delay);
    this.pending.set(key, { timer, latest: observation });
  }

  /** Stops reminders and escalation; refused when unknown (not-found) or resolved or acked (conflict). */
  acknowledge(alertId: string, by: string, comment?: string): Alert {
    const episode = this.byId.get(alertId);
    if (!episode) throw notFound(`no alert ${alertId}`);
    const { alert } = episode;
    if (alert.state === 'resolved') throw refuse('conflict', 'the alert is resolved');
    if (alert.acknowledged)
      throw refuse('conflict', `already acknowledged by ${alert.acknowledged.by}`);
    alert.acknowledged = {
      by,
      at: this.nowIso(),
      ...(comment === undefined ? {} : { comment }),
    };
    if (alert.state === 'firing') alert.state = 'acknowledged';
    this.stopFollowUps(episode);
    this.changed(episode);
    return { ...alert };
  }

  /** Call when a maintenance window starts or ends (MaintenanceCalendar.nextChange's timer). */
  maintenanceChanged(): void {
    const now = this.options.clock.now();
    for (const episode of this.episodes.values()) {
      const { alert } = episode;
      const inWindow = this.options.inMaintenance(alert.service, now);
      if (inWindow && (alert.state === 'firing' || alert.state === 'acknowledged')) {
        alert.state = 'held';
        this.stopFollowUps(episode);
        this.batcher.remove(alert.id, ['firing']);
        this.changed(episode);
      } else if (!inWindow && alert.state === 'held') this.release(episode);
    }
  }

  /** Every alert not yet resolved and the last 1,000 resolved ones, in the order they fired. */
  alerts(): Alert[] {
    return [...this.byId.values()].map((e) => ({ ...e.alert }));
  }

  /**
   * Resumes the alerts a previous run left unresolved (AlertStore.unresolved), before the first
   * observation: the monitor's next status then continues each episode instead of firing anew,
   * and a service that recovered meanwhile resolves to the channels that were told.
   */
  restore(records: readonly AlertRecord[]): void {
    for (const { alert, told, escalated } of records) {
      if (alert.state === 'resolved') continue;
      const found = findRoute(this.options.routes(), alert);
      if (!found) continue;
      const episode = this.track({ ...alert }, found, told, escalated);
      if (alert.state === 'firing') this.scheduleFollowUps(episode);
    }
  }

  stop(): void {
    for (const entry of this.pending.values()) this.options.clock.clearTimeout(entry.timer);
    this.pending.clear();
    for (const episode of this.episodes.values()) this.stopFollowUps(episode);
    this.batcher.stop();
  }

  private fire(observation: ServiceObservation): void {
    const found = findRoute(this.options.routes(), observation);
    if (!found) return;
    const alert: Alert = {
      id: this.newId('al'),
      state: 'firing',
      ...(observation.severity ? { severity: observation.severity } : {}),
      service: observation.service,
      check: observation.check,
      cause: observation.cause,
      since: observation.since,
      ...(observation.rootCause ? { rootCause: observation.rootCause } : {}),
    };
    const episode = this.track(alert, found, [], false);
    if (observation.rootCause) alert.state = 'suppressed';
    else if (this.options.inMaintenance(alert.service, this.options.clock.now()))
      alert.state = 'held';
    else this.startFiring(episode);
    this.changed(episode);
  }

  private track(
    alert: Alert,
    found: { route: AlertRoute; index: number },
    told: readonly string[],
    escalated: boolean,
  ): Episode {
    const episode: Episode = {
      alert,
      key: episodeKey(alert),
      route: found.route,
      routeIndex: found.index,
      told: new Set(told),
      firingSinceMs: this.options.clock.now(),
      escalated,
    };
    this.episodes.set(episode.key, episode);
    this.byId.set(alert.id, episode);
    return episode;
  }

  private continueEpisode(episode: Episode, observation: ServiceObservation): void {
    const { alert } = episode;
    if (episode.route.on.includes(observation.status as 'down' | 'degraded')) {
      const causeChanged = alert.cause !== observation.cause;
      alert.cause = observation.cause;
      alert.check = observation.check;
      if (alert.state === 'suppressed' && !observation.rootCause) {
        // The dependency recovered and this service is still down: its own alert, sent now.
        delete alert.rootCause;
        return this.release(episode);
      }
      if (causeChanged) this.changed(episode);
      return;
    }
    // Unknown says nothing about the service (a probe gap); any other status outside `on` is back.
    if (observation.status === 'unknown') return;
    // Back, but flapping: the episode goes on (one alert per flapping episode), and resolves
    // when an observation says the flapping is over.
    if (observation.flapping) return;
    this.resolve(episode);
  }

  /** Out of a hold (window over, root cause gone): fire now unless it was sent before. */
  private release(episode: Episode): void {
    const { alert } = episode;
    const now = this.options.clock.now();
    if (this.options.inMaintenance(alert.service, now)) alert.state = 'held';
    else if (alert.acknowledged) alert.state = 'acknowledged';
    else {
      alert.state = 'firing';
      if (episode.told.size === 0) this.startFiring(episode);
      else this.scheduleFollowUps(episode);
    }
    this.changed(episode);
  }

  private startFiring(episode: Episode): void {
    episode.firingSinceMs = this.options.clock.now();
    for (const channelId of episode.route.channels) this.queue(episode, channelId, 'firing');
    this.scheduleFollowUps(episode);
  }

  private scheduleFollowUps(episode: Episode): void {
    this.clearTimers(episode);
    const { clock } = this.options;
    const { route } = episode;
    if (route.repeat > 0)
      episode.reminder = clock.setTimeout(() => {
        episode.reminder = undefined;
        if (episode.alert.state !== 'firing') return;
        for (const channelId of episode.told) this.queue(episode, channelId, 'reminder');
        this.scheduleFollowUps(episode);
      }, route.repeat);
    if (route.escalate && !episode.escalated) {
      const { after, channels } = route.escalate;
      const delay = Math.max(0, episode.firingSinceMs + after - clock.now());
      episode.escalation = clock.setTimeout(() => {
        episode.escalation = undefined;
        if (episode.alert.state !== 'firing') return;
        episode.escalated = true;
        for (const channelId of channels) this.queue(episode, channelId, 'escalation');
      }, delay);
    }
  }

  /** Reminders and escalation stop, including any already queued but not yet sent. */
  private stopFollowUps(episode: Episode): void {
    this.clearTimers(episode);
    this.batcher.remove(episode.alert.id, ['reminder', 'escalation']);
  }

  private clearTimers(episode: Episode): void {
    const { clock } = this.options;
    if (episode.reminder !== undefined) clock.clearTimeout(episode.reminder);
    if (episode.escalation !== undefined) clock.clearTimeout(episode.escalation);
    episode.reminder = episode.escalation = undefined;
  }

  private resolve(episode: Episode): void {
    const { alert } = episode;
    this.stopFollowUps(episode);
    this.batcher.remove(alert.id, ['firing']);
    this.episodes.delete(episode.key);
    alert.state = 'resolved';
    alert.resolvedAt = this.nowIso();
    if (episode.route.sendResolved)
      for (const channelId of episode.told) this.queue(episode, channelId, 'resolved');
    this.resolvedOrder.push(alert.id);
    while (this.resolvedOrder.length > RECENT_RESOLVED)
      this.byId.delete(this.resolvedOrder.shift()!);
    this.changed(episode);
  }

  private queue(episode: Episode, channelId: string, kind: MessageKind): void {
    const key: BatchKey = { routeIndex: episode.routeIndex, channelId, kind };
    this.batcher.add(key, episode.alert.id, episode.route.groupWait);
  }

  /** A batch closed: one message to one channel, with the alerts still in the state it speaks of. */
  private flush(key: BatchKey, alertIds: string[]): void {
    const episodes = alertIds
      .map((id) => this.byId.get(id))
      .filter((e): e is Episode => e !== undefined && carries(key.kind, e.alert.state));
    if (episodes.length === 0) return;
    if (key.kind !== 'resolved')
      for (const e of episodes) {
        if (e.told.has(key.channelId)) continue;
        e.told.add(key.channelId);
        this.changed(e);
      }
    this.options.send({
      id: this.newId('msg'),
      channelId: key.channelId,
      kind: key.kind,
      groupKey: `route-${key.routeIndex}/${key.channelId}`,
      alerts: episodes.map((e) => alertInMessage(e.alert, this.options.shellUrl)),
    });
  }

  private changed(episode: Episode): void {
    this.options.onChange?.({
      alert: { ...episode.alert },
      told: [...episode.told],
      escalated: episode.escalated,
    });
  }

  private nowIso(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

/** One episode per service, or per service and severity for burn-rate alerts. */
function episodeKey(source: { service: { id: string }; severity?: string }): string {
  return source.severity ? `${source.service.id}:${source.severity}` : source.service.id;
}

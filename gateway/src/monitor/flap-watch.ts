import type { ServiceSummary } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import { FlapDetector, flapSettingsOf, type FlapSettings } from './flap-detector.js';
import { resumeFlapping } from './flap-history.js';
import type { ServiceRuntime } from './runtime.js';

export interface FlapWatch {
  /** What a service's list entry and detail show about flapping. */
  view(serviceId: string): { flapping: boolean; changes: number };
  /** The service's status changed (`previous` is what it was, undefined when never seen). */
  statusChanged(s: ServiceRuntime, previous: string | undefined): void;
  /** The settings a service's incidents are grouped by. */
  settingsOf(s: ServiceRuntime): FlapSettings;
  /** A new config: settings follow it; services no longer configured are forgotten. */
  reconfigure(config: Pick<AetherConfig, 'flapping'>): void;
  /** Cancels the quiet-window timers. */
  stop(): void;
}

/**
 * Flap detection per service, fed by its status changes. A timer ends an episode after a quiet
 * window: no status change follows then, so the watch announces the end itself (a `status`
 * event with the same status, flapping over) for the list, SSE and the alert dispatcher.
 */
export function createFlapWatch(options: {
  config: Pick<AetherConfig, 'flapping'>;
  clock: Clock;
  events: EventBus;
  services: Map<string, ServiceRuntime>;
  summaryOf: (s: ServiceRuntime) => ServiceSummary;
  /** The service's summary must be rebuilt (its episode ended). */
  onChange: (s: ServiceRuntime) => void;
}): FlapWatch {
  const { clock, events, services, summaryOf, onChange } = options;
  let config = options.config;
  const flaps = new Map<string, { detector: FlapDetector; quietTimer?: unknown }>();

  const settingsOf = (s: ServiceRuntime) => flapSettingsOf(config, s.config);
  const flapOf = (s: ServiceRuntime) => {
    let entry = flaps.get(s.config.id);
    if (!entry) {
      entry = { detector: new FlapDetector(settingsOf(s)) };
      flaps.set(s.config.id, entry);
    }
    return entry;
  };
  const cancel = (entry: { quietTimer?: unknown }) => {
    if (entry.quietTimer !== undefined) clock.clearTimeout(entry.quietTimer);
    entry.quietTimer = undefined;
  };

  function armQuietTimer(s: ServiceRuntime): void {
    const entry = flapOf(s);
    cancel(entry);
    const quietAt = entry.detector.quietAtMs();
    if (quietAt === null) return;
    entry.quietTimer = clock.setTimeout(
      () => {
        entry.quietTimer = undefined;
        if (services.get(s.config.id) !== s || !entry.detector.settle(clock.now())) return;
        onChange(s);
        events.publish('status', {
          serviceId: s.config.id,
          checkId: s.checks[0]?.check.id ?? '',
          status: s.status,
          previous: s.status,
          since: s.since ?? new Date(clock.now()).toISOString(),
          service: summaryOf(s),
        });
      },
      Math.max(0, quietAt - clock.now()),
    );
  }

  // A restart resumes the episodes the check states kept (flap-history.ts), quiet timers and all.
  for (const s of services.values()) {
    const states = s.checks.map((c) => c.state);
    if (resumeFlapping(states, clock.now(), () => flapOf(s).detector)) armQuietTimer(s);
  }

  return {
    view(serviceId) {
      const detector = flaps.get(serviceId)?.detector;
      return detector?.flapping
        ? { flapping: true, changes: detector.episodeChanges }
        : { flapping: false, changes: 0 };
    },

    statusChanged(s, previous) {
      // to or from unknown (a start, a gap) is not the target flapping
      if (previous === undefined || previous === 'unknown' || s.status === 'unknown') return;
      const at = s.since ? Date.parse(s.since) : clock.now();
      flapOf(s).detector.recordChange(at);
      armQuietTimer(s);
    },

    settingsOf,

    reconfigure(next) {
      config = next;
      for (const [id, entry] of flaps) {
        const s = services.get(id);
        if (s) entry.detector.settings = settingsOf(s);
        else {
          cancel(entry);
          flaps.delete(id);
        }
      }
    },

    stop() {
      for (const entry of flaps.values()) cancel(entry);
    },
  };
}

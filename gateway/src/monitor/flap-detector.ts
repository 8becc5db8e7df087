import type { AetherConfig, ServiceConfig } from '../config/schema.js';

export interface FlapSettings {
  /** Status changes within `windowMs` that make a service flapping. */
  changes: number;
  windowMs: number;
}

/** The global `flapping` settings with the service's own overrides on top. */
export function flapSettingsOf(
  config: Pick<AetherConfig, 'flapping'>,
  service: Pick<ServiceConfig, 'flapping'>,
): FlapSettings {
  return {
    changes: service.flapping?.changes ?? config.flapping.changes,
    windowMs: service.flapping?.window ?? config.flapping.window,
  };
}

/**
 * One service's flap state (PRODUCT.md "Deploys as first-class events"): flapping once
 * `changes` status changes fall within `windowMs`, and until a whole window passes without one.
 * An episode runs from the change that started it to that quiet window; `changes` counts every
 * change of the episode, the ones that started it included. Pure: the caller passes the time.
 */
export class FlapDetector {
  private recent: number[] = [];
  private episode: { startedAtMs: number; changes: number } | null = null;
  private lastChangeMs: number | null = null;

  constructor(public settings: FlapSettings) {}

  get flapping(): boolean {
    return this.episode !== null;
  }

  /** Status changes in the current episode; 0 when not flapping. */
  get episodeChanges(): number {
    return this.episode?.changes ?? 0;
  }

  get episodeStartedAtMs(): number | null {
    return this.episode?.startedAtMs ?? null;
  }

  /** A status change at `atMs`; returns whether `flapping` changed. */
  recordChange(atMs: number): boolean {
    const ended = this.settle(atMs);
    this.lastChangeMs = atMs;
    const { changes, windowMs } = this.settings;
    this.recent.push(atMs);
    while (this.recent.length > 0 && this.recent[0]! <= atMs - windowMs) this.recent.shift();
    if (this.episode) {
      this.episode.changes++;
      return ended;
    }
    if (this.recent.length < changes) return ended;
    this.episode = { startedAtMs: this.recent[0]!, changes: this.recent.length };
    return !ended;
  }

  /** Ends the episode when a whole window has passed without a change; returns whether it ended. */
  settle(nowMs: number): boolean {
    if (!this.episode || this.quietAtMs()! > nowMs) return false;
    this.episode = null;
    this.recent = [];
    return true;
  }

  /** When the episode ends unless another change comes first; null when not flapping. */
  quietAtMs(): number | null {
    return this.episode && this.lastChangeMs !== null
      ? this.lastChangeMs + this.settings.windowMs
      : null;
  }
}

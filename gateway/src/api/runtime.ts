import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { EventStreams } from './event-streams.js';

/** What createApp builds once and hands to every router factory next to the deps. */
export interface AppRuntime {
  metrics: GatewayMetrics;
  streams: EventStreams;
  /** Registers cleanup (bus subscriptions, timers) run by app.close(). */
  onClose(dispose: () => void): void;
}

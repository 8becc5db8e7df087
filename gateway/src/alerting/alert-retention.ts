import type { Clock } from '../clock.js';
import type { AlertStore } from '../store/alert-store.js';
import type { OutboxStore } from '../store/outbox-store.js';

/** How long resolved alerts and finished messages (delivered or failed) are kept. */
export const ALERT_RETENTION_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Drops resolved alerts and finished messages past retention, hourly on the injected clock:
 * every reminder is a stored message, so without it the outbox would only grow. Pending messages
 * and unresolved alerts are never pruned. Returns the stop function.
 */
export function scheduleAlertPruning(options: {
  clock: Clock;
  alerts: AlertStore;
  outbox: OutboxStore;
  retentionMs?: number;
  onPruned?: (counts: { alerts: number; messages: number }) => void;
  onError?: (error: unknown) => void;
}): () => void {
  const { clock, alerts, outbox, retentionMs = ALERT_RETENTION_MS } = options;
  let timer: unknown;
  let stopped = false;
  const run = async () => {
    const before = clock.now() - retentionMs;
    try {
      const counts = { alerts: await alerts.prune(before), messages: await outbox.prune(before) };
      if (counts.alerts + counts.messages > 0) options.onPruned?.(counts);
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) timer = clock.setTimeout(() => void run(), PRUNE_EVERY_MS);
  };
  timer = clock.setTimeout(() => void run(), PRUNE_EVERY_MS);
  return () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
}

import type { Clock } from '../clock.js';
import type { AlertState, MessageKind } from './types.js';

export interface BatchKey {
  routeIndex: number;
  channelId: string;
  kind: MessageKind;
}

/**
 * Groups alerts into messages (PRODUCT.md "Messages group alerts"): per route, channel and
 * kind, the first alert opens a batch that closes `groupWait` later with every alert added
 * meanwhile, so twenty services down at once make one message per channel.
 */
export class MessageBatcher {
  private readonly open = new Map<
    string,
    { key: BatchKey; alertIds: Set<string>; timer: unknown }
  >();

  constructor(
    private readonly clock: Clock,
    private readonly flush: (key: BatchKey, alertIds: string[]) => void,
  ) {}

  add(key: BatchKey, alertId: string, groupWaitMs: number): void {
    const id = `${key.routeIndex}|${key.channelId}|${key.kind}`;
    const batch = this.open.get(id);
    if (batch) {
      batch.alertIds.add(alertId);
      return;
    }
    const timer = this.clock.setTimeout(() => {
      const closing = this.open.get(id);
      this.open.delete(id);
      if (closing && closing.alertIds.size > 0) this.flush(closing.key, [...closing.alertIds]);
    }, groupWaitMs);
    this.open.set(id, { key, alertIds: new Set([alertId]), timer });
  }

  /** Takes an alert out of open batches of these kinds (it resolved before they went out). */
  remove(alertId: string, kinds: readonly MessageKind[]): void {
    for (const batch of this.open.values())
      if (kinds.includes(batch.key.kind)) batch.alertIds.delete(alertId);
  }

  stop(): void {
    for (const batch of this.open.values()) this.clock.clearTimeout(batch.timer);
    this.open.clear();
  }
}

/**
 * Whether a message of this kind still carries an alert in this state when its batch closes:
 * an alert that resolved (or was acknowledged, for reminders) meanwhile drops out.
 */
export function carries(kind: MessageKind, state: AlertState): boolean {
  if (kind === 'resolved') return state === 'resolved';
  if (kind === 'firing') return state === 'firing' || state === 'acknowledged';
  return state === 'firing';
}

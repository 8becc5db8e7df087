import type { EventName, EventPayload } from '@aether/contract';

export interface BusEvent<E extends EventName = EventName> {
  id: number;
  type: E;
  data: EventPayload<E>;
  /** The gateway that produced it when another one did (a cluster relays it); absent for our own. */
  origin?: string;
}

export type BusListener = (event: BusEvent) => void;

/**
 * In-process fan-out of gateway events with a bounded replay buffer, so an SSE client that
 * reconnects with Last-Event-ID gets what it missed (or a fresh snapshot when it is too old).
 * The buffer is a ring: publishing is O(1) however full it is.
 */
export class EventBus {
  private nextId = 1;
  private readonly ring: (BusEvent | undefined)[];
  private readonly listeners = new Set<BusListener>();

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array<BusEvent | undefined>(capacity);
  }

  publish<E extends EventName>(type: E, data: EventPayload<E>, origin?: string): BusEvent<E> {
    const event: BusEvent<E> = { id: this.nextId++, type, data };
    if (origin !== undefined) event.origin = origin;
    this.ring[event.id % this.capacity] = event as BusEvent;
    for (const listener of this.listeners) {
      try {
        listener(event as BusEvent);
      } catch {
        // a failing subscriber must not stop delivery to the others
      }
    }
    return event;
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `lastId`, or undefined when the buffer no longer reaches back that far. */
  since(lastId: number): BusEvent[] | undefined {
    const newest = this.nextId - 1;
    if (!Number.isInteger(lastId) || lastId < 0 || lastId > newest) return undefined;
    const oldest = Math.max(1, newest - this.capacity + 1);
    if (lastId + 1 < oldest) return undefined;
    const events: BusEvent[] = [];
    for (let id = lastId + 1; id <= newest; id++) events.push(this.ring[id % this.capacity]!);
    return events;
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}

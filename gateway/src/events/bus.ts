import type { EventName, EventPayload } from '@aether/contract';

export interface BusEvent<E extends EventName = EventName> {
  id: number;
  type: E;
  data: EventPayload<E>;
}

export type BusListener = (event: BusEvent) => void;

/**
 * In-process fan-out of gateway events with a bounded replay buffer, so an SSE client that
 * reconnects with Last-Event-ID gets what it missed (or a fresh snapshot when it is too old).
 */
export class EventBus {
  private nextId = 1;
  private readonly buffer: BusEvent[] = [];
  private readonly listeners = new Set<BusListener>();

  constructor(private readonly capacity = 10_000) {}

  publish<E extends EventName>(type: E, data: EventPayload<E>): BusEvent<E> {
    const event: BusEvent<E> = { id: this.nextId++, type, data };
    this.buffer.push(event as BusEvent);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
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
    if (lastId >= this.nextId) return undefined;
    const first = this.buffer[0];
    if (lastId === this.nextId - 1) return [];
    if (!first || first.id > lastId + 1) return undefined;
    return this.buffer.slice(lastId + 1 - first.id);
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}

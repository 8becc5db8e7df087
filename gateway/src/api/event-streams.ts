import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { SSE_HEARTBEAT_MS, type EventName } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { BusEvent, EventBus } from '../events/bus.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { Monitor } from '../monitor/types.js';

/** A client this far behind is dropped rather than buffered for without bound; it reconnects with Last-Event-ID. */
const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const RETRY_MS = 3000;

export interface EventStreamsOptions {
  metrics: GatewayMetrics;
  clock: Clock;
  heartbeatMs?: number | undefined;
  maxBufferedBytes?: number;
}

export interface OpenStreamOptions {
  res: ServerResponse;
  events: EventBus;
  monitor: Monitor;
  log: Logger;
  /** From Last-Event-ID (or ?lastEventId): resume after it instead of sending a snapshot. */
  lastEventId: number | undefined;
  /** Which event types this caller may receive (audit and approvals are operator matters). */
  types: ReadonlySet<EventName>;
}

interface Client {
  res: ServerResponse;
  close(): void;
}

/** The open Server-Sent Events streams: fan-out from the bus, heartbeats, resume, backpressure, shutdown. */
export class EventStreams {
  private readonly clients = new Set<Client>();
  private readonly heartbeatMs: number;
  private readonly maxBufferedBytes: number;

  constructor(private readonly options: EventStreamsOptions) {
    this.heartbeatMs = options.heartbeatMs ?? SSE_HEARTBEAT_MS;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over `res` (headers already set by the caller) until the client leaves or we shut down. */
  open({ res, events, monitor, log, lastEventId, types }: OpenStreamOptions): void {
    const { clock, metrics } = this.options;
    if (res.destroyed) return;
    let heartbeat: unknown;
    let closed = false;

    const write = (chunk: string) => {
      if (closed) return;
      res.write(chunk);
      if (res.writableLength > this.maxBufferedBytes) {
        log.warn({ buffered: res.writableLength }, 'SSE client too slow; dropping it');
        client.close();
        res.destroy();
      }
    };
    const send = (event: BusEvent) => {
      if (types.has(event.type))
        write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
    };
    const beat = () => {
      write(`: heartbeat ${new Date(clock.now()).toISOString()}\n\n`);
      heartbeat = clock.setTimeout(beat, this.heartbeatMs);
    };

    const client: Client = {
      res,
      close: () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clock.clearTimeout(heartbeat);
        this.clients.delete(client);
        metrics.sseClients.set(this.clients.size);
      },
    };

    res.writeHead(200);
    res.write(`retry: ${RETRY_MS}\n\n`);
    // Subscribe, then replay or snapshot in the same tick: nothing published in between can be lost.
    const unsubscribe = events.subscribe(send);
    const missed = lastEventId === undefined ? undefined : events.since(lastEventId);
    if (missed) {
      for (const event of missed) send(event);
    } else {
      const snapshot = {
        services: monitor.listServices(),
        at: new Date(clock.now()).toISOString(),
      };
      write(`id: ${events.lastId}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    }
    heartbeat = clock.setTimeout(beat, this.heartbeatMs);
    res.on('close', client.close);
    this.clients.add(client);
    metrics.sseClients.set(this.clients.size);
  }

  /** Ends every stream: shutdown must not wait for clients that never hang up. */
  closeAll(): void {
    for (const client of [...this.clients]) {
      client.close();
      client.res.end();
    }
  }
}

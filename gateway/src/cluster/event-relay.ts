import type { EventName } from '@aether/contract';
import pg from 'pg';
import type { Logger } from 'pino';
import type { BusEvent, EventBus } from '../events/bus.js';

/** The NOTIFY channel every gateway of one database listens on. */
export const EVENTS_CHANNEL = 'aether_events';
/** NOTIFY payloads must stay under 8000 bytes; a message is closed below this. */
export const MAX_PAYLOAD_BYTES = 7500;

/**
 * Events each gateway produces for itself, never relayed: after a reload every gateway re-reads
 * its own file and announces its own `config`.
 */
const LOCAL_ONLY = new Set<EventName>(['config']);

/** One NOTIFY: events of one gateway, in order; or a reference to a big one; or a reload request. */
type Message =
  | { o: string; e: [EventName, unknown][] }
  | { o: string; ref: number }
  | { o: string; k: 'reload' };

export interface EventRelayOptions {
  /** The database URL: the listener is a dedicated connection, not one of the pool's. */
  url: string;
  pool: pg.Pool;
  /** This gateway's member id: its own notifications come back to it and are ignored. */
  self: string;
  events: EventBus;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Before a remote event is published here (the monitor follows remote results). */
  onRemoteEvent?: (type: EventName, data: unknown) => void;
  /** Another gateway reloaded its config: re-read ours. */
  onReloadRequest?: () => void;
  /** Results wait this long for company before they are sent; other events go at once. */
  batchMs?: number;
  /** First reconnect delay of the listener; doubles up to 5 s. */
  reconnectMs?: number;
}

/**
 * Carries every event of this gateway's bus to every other gateway of the database over
 * LISTEN/NOTIFY, and publishes theirs on this bus marked with their origin (so nothing is sent
 * back: no echo). Results are batched for a few ms (a thousand probes a second are tens of
 * notifications, not a thousand); any other event flushes at once, behind what was queued, so
 * order is kept. An event too big for one notification is stored in cluster_events and sent by
 * id; receivers fetch it. The listener reconnects on its own after the database restarts.
 */
export class EventRelay {
  private listener: pg.Client | undefined;
  private unsubscribe: (() => void) | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private batchTimer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> = Promise.resolve();
  readonly counts = { sent: 0, received: 0, fetched: 0, failed: 0 };

  constructor(private readonly options: EventRelayOptions) {}

  async start(): Promise<void> {
    await this.listen();
    this.unsubscribe = this.options.events.subscribe((event) => this.enqueue(event));
  }

  /** Asks every other gateway to re-read its config. */
  requestReload(): Promise<void> {
    return this.send(JSON.stringify({ o: this.options.self, k: 'reload' } satisfies Message));
  }

  /** Sends what is queued and waits until it is sent. */
  async flush(): Promise<void> {
    this.flushPending();
    await this.sending;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.reconnectTimer);
    await this.flush().catch(() => undefined);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  // --- sending ---------------------------------------------------------------------------------

  private enqueue(event: BusEvent): void {
    if (event.origin !== undefined || LOCAL_ONLY.has(event.type) || this.stopped) return;
    const json = JSON.stringify([event.type, event.data]);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_PAYLOAD_BYTES - 64) {
      this.flushPending();
      this.sending = this.sending.then(() => this.sendByReference(json));
      return;
    }
    if (this.pendingBytes + bytes + 1 > MAX_PAYLOAD_BYTES - 64) this.flushPending();
    this.pending.push(json);
    this.pendingBytes += bytes + 1;
    if (event.type !== 'result') this.flushPending();
    else this.batchTimer ??= setTimeout(() => this.flushPending(), this.options.batchMs ?? 20);
  }

  private flushPending(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.pending.length === 0) return;
    const payload = `{"o":${JSON.stringify(this.options.self)},"e":[${this.pending.join(',')}]}`;
    this.pending = [];
    this.pendingBytes = 0;
    void this.send(payload);
  }

  private send(payload: string): Promise<void> {
    this.sending = this.sending
      .then(async () => {
        await this.options.pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
        this.counts.sent++;
      })
      .catch((error: unknown) => {
        this.counts.failed++;
        this.options.logger.warn({ err: error }, 'relaying events to other gateways failed');
      });
    return this.sending;
  }

  private async sendByReference(json: string): Promise<void> {
    try {
      const { rows } = await this.options.pool.query<{ id: number }>(
        'INSERT INTO cluster_events (origin, payload) VALUES ($1, $2) RETURNING id',
        [this.options.self, `[${json}]`],
      );
      const message: Message = { o: this.options.self, ref: rows[0]!.id };
      await this.options.pool.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        JSON.stringify(message),
      ]);
      this.counts.sent++;
      // references are read within moments; a minute later nobody will ask for them
      await this.options.pool.query(
        "DELETE FROM cluster_events WHERE created_at < now() - interval '1 minute'",
      );
    } catch (error) {
      this.counts.failed++;
      this.options.logger.warn({ err: error }, 'relaying a large event failed');
    }
  }

  // --- receiving -------------------------------------------------------------------------------

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL && n.payload) this.receive(n.payload);
    });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.removeAllListeners('end');
      void client.end().catch(() => undefined);
      if (!this.stopped) {
        this.options.logger.warn(
          { err: error },
          'event listener lost its connection; reconnecting',
        );
        this.reconnect(this.options.reconnectMs ?? 250);
      }
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.listener = client;
  }

  private reconnect(delayMs: number): void {
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(
        () => this.options.logger.info('event listener reconnected'),
        () => this.reconnect(Math.min(delayMs * 2, 5000)),
      );
    }, delayMs);
    this.reconnectTimer.unref();
  }

  private receive(payload: string): void {
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (message.o === this.options.self) return;
    this.counts.received++;
    if ('k' in message) {
      this.options.onReloadRequest?.();
    } else if ('ref' in message) {
      // fetched in order: events after this one wait until it is published
      const fetched = this.options.pool
        .query<{ payload: string }>('SELECT payload FROM cluster_events WHERE id = $1', [
          message.ref,
        ])
        .then(({ rows }) => rows[0] && (JSON.parse(rows[0].payload) as [EventName, unknown][]));
      this.delivering = this.delivering
        .then(async () => {
          const events = await fetched;
          this.counts.fetched++;
          if (events) this.publish(message.o, events);
        })
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'fetching a large relayed event failed'),
        );
    } else {
      const events = message.e;
      this.delivering = this.delivering.then(() => this.publish(message.o, events));
    }
  }

  private publish(origin: string, events: [EventName, unknown][]): void {
    for (const [type, data] of events) {
      try {
        this.options.onRemoteEvent?.(type, data);
      } catch (error) {
        this.options.logger.warn({ err: error, type }, 'applying a relayed event failed');
      }
      this.options.events.publish(type, data as never, origin);
    }
  }
}

import { setImmediate as nextTurn } from 'node:timers/promises';
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

/**
 * How long results wait for company. Postgres spends ~0.2 ms of CPU per NOTIFY statement with
 * three listeners whatever it carries (measured: 30 µs per result at 7 results a statement, as
 * 20 ms batches of 333 results/s are; 8 µs at 40): at 1,000 results/s across three gateways,
 * 100 ms batches cost it a quarter of what 20 ms ones did.
 */
const DEFAULT_BATCH_MS = 100;

/**
 * One statement for a send's notifications, in order. They go as one text, a payload per line
 * (every payload is JSON, which JSON.stringify writes without a line break): as a text[], pg
 * escaped every quote of every event. (Its commit does not wait for a WAL flush: a transaction
 * that wrote no WAL before its commit record, as a NOTIFY alone, commits asynchronously whatever
 * synchronous_commit says.)
 */
const NOTIFY_SQL =
  'SELECT pg_notify($1, p) FROM unnest(string_to_array($2, chr(10))) WITH ORDINALITY AS t(p, n) ORDER BY n';

/** How long received notifications are published in one go before the rest wait a turn. */
const SLICE_MS = 20;
/** More received notifications than this waiting: no more turns are given until they are published. */
const MAX_WAITING = 50;

/** Events kept for sending while the database does not answer; past it the oldest are dropped. */
const MAX_QUEUED = 20_000;

/**
 * What waits to be sent: a serialized event (with the service it is about, for results and status
 * changes; `urgent` for everything but results), or a whole message.
 */
type QueueItem =
  | { event: string; service: string | undefined; urgent: boolean }
  | { message: string; urgent: true };

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
  /**
   * Results wait this long for company before they are sent; other events go at once (default
   * 100 ms: a status change is never held by it). A status change takes along only the waiting
   * results of its own service; any other event takes every waiting result.
   */
  batchMs?: number;
  /** First reconnect delay of the listener; doubles up to 5 s. */
  reconnectMs?: number;
}

/**
 * Carries every event of this gateway's bus to every other gateway of the database over
 * LISTEN/NOTIFY, and publishes theirs on this bus marked with their origin (so nothing is sent
 * back: no echo). Results are batched for 100 ms (a thousand probes a second are tens of
 * notifications, not a thousand); any other event goes at once. Order: a service's events arrive
 * in the order they were published, and so do all events but results; a status change does not
 * wait behind the results of other services (it goes with its own service's waiting results,
 * the others keep waiting for their batch), while any other event takes everything queued before
 * it. An event too big for one notification is stored in cluster_events and sent by id; receivers
 * fetch it. Received notifications are published in slices of at most 20 ms with a loop turn
 * between (a burst of another gateway's results is not applied in one long turn). The listener
 * reconnects on its own after the database restarts.
 */
export class EventRelay {
  private listener: pg.Client | undefined;
  private unsubscribe: (() => void) | undefined;
  /** What waits to be sent, in publish order: serialized events, or whole messages. */
  private queue: QueueItem[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  /** The results' wait is over (or a flush asks for everything): the next send takes it all. */
  private due = false;
  /** Urgent items in the queue: while there are some, a send is due even if the results' is not. */
  private urgent = 0;
  private inFlight = false;
  private sending: Promise<void> = Promise.resolve();
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> = Promise.resolve();
  /** Received notifications not yet published, and when the current run of publishing began. */
  private waiting = 0;
  private sliceStart = 0;
  readonly counts = { sent: 0, received: 0, fetched: 0, failed: 0, dropped: 0 };
  /** Events stored by id so far (the old ones are deleted now and then). */
  private stored = 0;

  /** How every message this gateway sends begins (see sendAll): `{"o":"<self>",`. */
  private readonly ownPrefix: string;

  constructor(private readonly options: EventRelayOptions) {
    this.ownPrefix = `{"o":${JSON.stringify(options.self)},`;
  }

  async start(): Promise<void> {
    await this.listen();
    this.unsubscribe = this.options.events.subscribe((event) => this.enqueue(event));
  }

  /** Asks every other gateway to re-read its config. */
  requestReload(): Promise<void> {
    this.queue.push({
      message: JSON.stringify({ o: this.options.self, k: 'reload' }),
      urgent: true,
    });
    this.urgent++;
    return this.flush();
  }

  /** Sends what is queued and waits until it is sent. */
  async flush(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      this.due = true;
      this.kick();
      await this.sending;
    }
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
    // the database is away: the oldest go (SSE clients of other gateways resync on reconnect)
    if (this.queue.length >= MAX_QUEUED) {
      if (this.queue.shift()!.urgent) this.urgent--;
      this.counts.dropped++;
    }
    const urgent = event.type !== 'result';
    const service =
      event.type === 'result' || event.type === 'status'
        ? (event.data as { serviceId: string }).serviceId
        : undefined;
    this.queue.push({ event: JSON.stringify([event.type, event.data]), service, urgent });
    if (urgent) {
      this.urgent++;
      this.kick();
    } else {
      this.batchTimer ??= setTimeout(() => {
        this.batchTimer = undefined;
        this.due = true;
        this.kick();
      }, this.options.batchMs ?? DEFAULT_BATCH_MS);
    }
  }

  /**
   * Sends what is due in one statement, one NOTIFY at a time in flight: what is published
   * meanwhile waits for the next round trip and goes with it, so a slow database makes batches
   * bigger, never a queue of round trips (which would make every event later than the last).
   * Urgent events (and what must precede them, takeUrgent) go first, in a statement of their
   * own: a status change is then the first notification its receivers publish, not the last of
   * a hundred results. Once the results' wait is over, everything queued goes.
   */
  private kick(): void {
    if (this.inFlight || this.queue.length === 0) return;
    let items: QueueItem[];
    if (this.urgent > 0) {
      items = this.takeUrgent();
    } else if (this.due) {
      this.due = false;
      clearTimeout(this.batchTimer);
      this.batchTimer = undefined;
      items = this.queue.splice(0);
    } else {
      return;
    }
    this.inFlight = true;
    this.sending = this.sendAll(items)
      .catch((error: unknown) => {
        this.counts.failed++;
        this.options.logger.warn({ err: error }, 'relaying events to other gateways failed');
      })
      .finally(() => {
        this.inFlight = false;
        this.kick();
      });
  }

  /**
   * Takes the urgent items out of the queue, each with what must go before it, in queue order: a
   * status change takes its own service's results queued before it; any other urgent item takes
   * everything queued before it. The other results stay queued, in order, for their batch.
   */
  private takeUrgent(): QueueItem[] {
    const taken: QueueItem[] = [];
    const kept: QueueItem[] = [];
    /** Services whose status change is taken: their earlier results go with it. */
    const services = new Set<string>();
    let all = false;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i]!;
      if (all || item.urgent) {
        taken.push(item);
        if (!all && 'event' in item && item.service !== undefined) services.add(item.service);
        else all = true;
      } else if ('event' in item && item.service !== undefined && services.has(item.service)) {
        taken.push(item);
      } else {
        kept.push(item);
      }
    }
    this.queue = kept.reverse();
    this.urgent = 0;
    if (this.queue.length === 0) {
      clearTimeout(this.batchTimer);
      this.batchTimer = undefined;
      this.due = false;
    }
    return taken.reverse();
  }

  private async sendAll(items: QueueItem[]): Promise<void> {
    const { pool, self } = this.options;
    const payloads: string[] = [];
    let batch: string[] = [];
    let bytes = 0;
    const close = () => {
      if (batch.length > 0) payloads.push(`{"o":${JSON.stringify(self)},"e":[${batch.join(',')}]}`);
      batch = [];
      bytes = 0;
    };
    for (const item of items) {
      if ('message' in item) {
        close();
        payloads.push(item.message);
        continue;
      }
      const size = Buffer.byteLength(item.event) + 1;
      if (size > MAX_PAYLOAD_BYTES - 64) {
        // too big for NOTIFY: stored, and sent by id in its place in the order
        close();
        const { rows } = await pool.query<{ id: number }>(
          'INSERT INTO cluster_events (origin, payload) VALUES ($1, $2) RETURNING id',
          [self, `[${item.event}]`],
        );
        payloads.push(JSON.stringify({ o: self, ref: rows[0]!.id } satisfies Message));
        this.stored++;
        continue;
      }
      if (bytes + size > MAX_PAYLOAD_BYTES - 64) close();
      batch.push(item.event);
      bytes += size;
    }
    close();
    await pool.query(NOTIFY_SQL, [EVENTS_CHANNEL, payloads.join('\n')]);
    this.counts.sent += payloads.length;
    // references are read within moments; a minute later nobody will ask for them
    if (this.stored > 0 && this.stored % 20 === 1)
      await pool.query("DELETE FROM cluster_events WHERE created_at < now() - interval '1 minute'");
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
    // our own notifications come back too: a third of what arrives, known without parsing it
    if (payload.startsWith(this.ownPrefix)) return;
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
        .then(({ rows }) => {
          this.counts.fetched++;
          return rows[0] && (JSON.parse(rows[0].payload) as [EventName, unknown][]);
        })
        .catch((error: unknown) => {
          this.options.logger.warn({ err: error }, 'fetching a large relayed event failed');
          return undefined;
        });
      this.deliver(message.o, fetched);
    } else {
      this.deliver(message.o, message.e);
    }
  }

  /**
   * Publishes received events in the order they came. The notifications of one socket read
   * arrive together (hundreds of results after a pause): once this run of deliveries has held
   * the loop for SLICE_MS, the next one waits a turn, unless more than MAX_WAITING wait (then
   * they are caught up with at once: a backlog must not grow on a loop too busy to give turns).
   */
  private deliver(
    origin: string,
    events: [EventName, unknown][] | Promise<[EventName, unknown][] | undefined>,
  ): void {
    if (this.waiting === 0) this.sliceStart = performance.now();
    this.waiting++;
    this.delivering = this.delivering
      .then(async () => {
        const list = await events;
        if (this.waiting <= MAX_WAITING && performance.now() - this.sliceStart >= SLICE_MS) {
          await nextTurn();
          this.sliceStart = performance.now();
        }
        if (list) this.publish(origin, list);
      })
      .finally(() => {
        this.waiting--;
      });
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

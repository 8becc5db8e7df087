import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { SSE_HEARTBEAT_MS, type EventName } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { BusEvent, EventBus } from '../events/bus.js';
import { frameOf, snapshotFrame } from '../events/sse-frames.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { Monitor } from '../monitor/types.js';
import { HttpError } from './errors.js';

/**
 * A client whose unsent backlog passes this is dropped rather than buffered for (it reconnects
 * with Last-Event-ID and resumes). Checked before each write, so a client holds at most this
 * plus one frame — and frames are shared buffers, not copies.
 */
const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
/** Streams one caller may hold: a few tabs' worth; a loop opening streams hits it at once. */
const DEFAULT_MAX_STREAMS_PER_CLIENT = 8;
/** Streams in total: each is a socket and a bus listener, and every event is written to each. */
const DEFAULT_MAX_STREAMS = 1000;
/** A snapshot is reused for clients arriving this close together with no event in between (reconnect storms). */
const SNAPSHOT_REUSE_MS = 1000;
const RETRY_MS = 3000;
const RETRY_AFTER_SECONDS = String(RETRY_MS / 1000);

export interface EventStreamsOptions {
  metrics: GatewayMetrics;
  clock: Clock;
  heartbeatMs?: number | undefined;
  maxBufferedBytes?: number;
  maxStreamsPerClient?: number;
  maxStreams?: number;
}

export interface OpenStreamOptions {
  res: ServerResponse;
  events: EventBus;
  monitor: Monitor;
  log: Logger;
  /** From Last-Event-ID (or ?lastEventId): resume after it instead of sending a snapshot. */
  lastEventId: number | undefined;
  /**
   * False (`?snapshot=false`): a fresh stream starts with the newest event's id instead of a
   * snapshot, for a client that reads its own first state; a resume too old for the replay buffer
   * still gets the snapshot. Default true.
   */
  snapshot?: boolean;
  /** Which event types this caller may receive (audit and approvals are operator matters). */
  types: ReadonlySet<EventName>;
  /** Who holds the stream, for the per-client cap: the caller's name, or its address when anonymous. */
  clientKey: string;
  /** The session the stream rides on, so logging out ends it. */
  sessionId?: string | undefined;
}

interface Client {
  res: ServerResponse;
  clientKey: string;
  sessionId: string | undefined;
  close(): void;
}

/** The open Server-Sent Events streams: admission, fan-out from the bus, heartbeats, resume, backpressure, shutdown. */
export class EventStreams {
  private readonly clients = new Set<Client>();
  private readonly perClient = new Map<string, number>();
  private readonly heartbeatMs: number;
  private readonly maxBufferedBytes: number;
  private readonly maxStreamsPerClient: number;
  private readonly maxStreams: number;
  private snapshot: { lastId: number; at: number; frame: Promise<Buffer> } | undefined;

  constructor(private readonly options: EventStreamsOptions) {
    this.heartbeatMs = options.heartbeatMs ?? SSE_HEARTBEAT_MS;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.maxStreamsPerClient = options.maxStreamsPerClient ?? DEFAULT_MAX_STREAMS_PER_CLIENT;
    this.maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Throws the 429 (this caller holds too many streams) or 503 (the gateway holds too many) a new
   * stream gets, before anything is written; call it before setting up the response.
   */
  admit(clientKey: string): void {
    if (this.clients.size >= this.maxStreams) {
      throw new HttpError(503, {
        code: 'too-many-streams',
        detail: `The gateway already serves ${this.maxStreams} event streams; try again later`,
        expose: true,
        headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      });
    }
    if ((this.perClient.get(clientKey) ?? 0) >= this.maxStreamsPerClient) {
      throw new HttpError(429, {
        code: 'too-many-streams',
        detail: `At most ${this.maxStreamsPerClient} event streams per caller; close one first`,
        headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      });
    }
  }

  /** Takes over `res` (headers already set by the caller) until the client leaves or we shut down. */
  open(options: OpenStreamOptions): void {
    const { res, events, log, lastEventId, types, clientKey } = options;
    const { clock, metrics } = this.options;
    this.admit(clientKey);
    if (res.destroyed) return;
    let heartbeat: unknown;
    let closed = false;
    // The snapshot or replay may alone be larger than the bound; it is allowed until it drains.
    let allowance = Infinity;

    /**
     * Frames wait here for the end of the loop's turn and go out as one chunk: at 1,000 results a
     * second a write per frame was a chunk header, a socket write request and a writev each, and
     * while a client read its snapshot thousands of them queued in the socket's buffer.
     */
    let pending: Buffer[] = [];
    /** A snapshot is being made: frames wait behind it, however many turns that takes. */
    let holding = false;
    const flush = () => {
      if (closed || holding || pending.length === 0) return;
      const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      // A backlog that did not drain since the last write: this client cannot keep up.
      if (res.writableLength > this.maxBufferedBytes + allowance) {
        log.warn({ buffered: res.writableLength }, 'SSE client too slow; dropping it');
        client.close();
        res.destroy();
        return;
      }
      res.write(chunk);
    };
    const write = (chunk: Buffer) => {
      if (closed) return;
      if (pending.length === 0) this.flushSoon(flush);
      pending.push(chunk);
    };
    const send = (event: BusEvent) => {
      if (types.has(event.type)) write(frameOf(event));
    };
    const beat = () => {
      write(Buffer.from(`: heartbeat ${new Date(clock.now()).toISOString()}\n\n`));
      heartbeat = clock.setTimeout(beat, this.heartbeatMs);
    };

    const client: Client = {
      res,
      clientKey,
      sessionId: options.sessionId,
      close: () => {
        if (closed) return;
        closed = true;
        pending = [];
        unsubscribe();
        clock.clearTimeout(heartbeat);
        this.clients.delete(client);
        const held = (this.perClient.get(clientKey) ?? 1) - 1;
        if (held > 0) this.perClient.set(clientKey, held);
        else this.perClient.delete(clientKey);
        metrics.sseClients.set(this.clients.size);
      },
    };

    /** The replay or snapshot goes out now: the bound applies to what is written after it. */
    const sent = () => {
      flush();
      allowance = res.writableLength;
      res.once('drain', () => (allowance = 0));
    };

    res.writeHead(200);
    res.write(`retry: ${RETRY_MS}\n\n`);
    // Subscribe, then replay or snapshot in the same tick: nothing published in between can be lost.
    const unsubscribe = events.subscribe(send);
    const missed = lastEventId === undefined ? undefined : events.since(lastEventId);
    if (missed) {
      for (const event of missed) send(event);
    } else if (lastEventId === undefined && options.snapshot === false) {
      // An id without data dispatches no event but sets the client's Last-Event-ID, so a
      // reconnect before the first event still resumes from here instead of starting over.
      write(Buffer.from(`id: ${events.lastId}\n\n`));
    } else {
      holding = true;
      this.snapshotFrame(options).then(
        (snapshot) => {
          if (closed) return;
          holding = false;
          pending.unshift(snapshot);
          sent();
        },
        (error: unknown) => {
          log.error({ err: error }, 'making the SSE snapshot failed');
          client.close();
          res.destroy();
        },
      );
    }
    if (!holding) sent();
    heartbeat = clock.setTimeout(beat, this.heartbeatMs);
    res.on('close', client.close);
    this.clients.add(client);
    this.perClient.set(clientKey, (this.perClient.get(clientKey) ?? 0) + 1);
    metrics.sseClients.set(this.clients.size);
  }

  /** Ends the streams opened with this session (logout): a stream must not outlive its credentials. */
  endStreamsOfSession(sessionId: string): number {
    return this.end((client) => client.sessionId === sessionId);
  }

  /** Ends every stream: shutdown must not wait for clients that never hang up. */
  closeAll(): void {
    this.end(() => true);
  }

  private end(which: (client: Client) => boolean): number {
    let ended = 0;
    for (const client of [...this.clients]) {
      if (!which(client)) continue;
      client.close();
      client.res.end();
      ended += 1;
    }
    return ended;
  }

  /** Flushes waiting for the loop's next turn: one setImmediate for every stream. */
  private readonly flushes: Array<() => void> = [];

  private flushSoon(flush: () => void): void {
    if (this.flushes.push(flush) > 1) return;
    setImmediate(() => {
      const due = this.flushes.splice(0);
      for (const each of due) each();
    });
  }

  /**
   * The services as of the bus's last event, serialized once for every client that arrives before
   * the next. The list is read now, in the tick the client subscribed in; its JSON is made over
   * several turns of the loop (snapshotFrame).
   */
  private snapshotFrame({ events, monitor }: OpenStreamOptions): Promise<Buffer> {
    const now = this.options.clock.now();
    const cached = this.snapshot;
    if (cached && cached.lastId === events.lastId && now - cached.at < SNAPSHOT_REUSE_MS)
      return cached.frame;
    const services = monitor.listServices().slice();
    const made = {
      lastId: events.lastId,
      at: now,
      frame: snapshotFrame(events.lastId, services, new Date(now).toISOString()),
    };
    this.snapshot = made;
    // kept only while it may be reused: the whole fleet's JSON (12 MiB at 30,000 services) held
    // after the last client that read it was a gateway's largest Buffer once any stream had opened
    this.options.clock.setTimeout(() => {
      if (this.snapshot === made) this.snapshot = undefined;
    }, SNAPSHOT_REUSE_MS);
    return made.frame;
  }
}

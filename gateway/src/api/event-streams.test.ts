import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES } from '@aether/contract';
import { pino } from 'pino';
import { EventBus } from '../events/bus.js';
import { createGatewayMetrics } from '../metrics/gateway-metrics.js';
import { FakeClock } from '../testing/fake-clock.js';
import { gatewayUnderTestForFile } from '../testing/gateway-under-test.js';
import { SseReader } from '../testing/sse-reader.js';
import type { Monitor } from '../monitor/types.js';
import { EventStreams } from './event-streams.js';
import type { HttpError } from './errors.js';

const gw = gatewayUnderTestForFile();

interface StreamServerOptions {
  monitor?: Monitor;
  maxBufferedBytes?: number;
  maxStreams?: number;
  maxStreamsPerClient?: number;
}

/**
 * EventStreams behind a bare HTTP server, with its own bus and a fake clock for heartbeats. The
 * client key and session come from x-client / x-session headers; a refusal is answered with its
 * status and headers. `opened` resolves once the first stream is open, so a test waits for that
 * event, not for time; `logs` holds what the streams logged.
 */
async function streamServer({ monitor: ownMonitor, ...options }: StreamServerOptions = {}) {
  const monitor = ownMonitor ?? gw().gateway.deps.monitor;
  const clock = new FakeClock();
  const events = new EventBus();
  const metrics = createGatewayMetrics({ events, monitor, processMetrics: false });
  const streams = new EventStreams({ metrics, clock, heartbeatMs: 15_000, ...options });
  const logs: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'warn' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    try {
      streams.open({
        res,
        events,
        monitor,
        log,
        lastEventId: undefined,
        types: new Set(EVENT_NAMES),
        clientKey: String(req.headers['x-client'] ?? 'one'),
        sessionId: req.headers['x-session'] as string | undefined,
      });
    } catch (error) {
      const refused = error as HttpError;
      res.writeHead(refused.status, refused.headers).end(refused.detail);
      return;
    }
    markOpened();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const readers: SseReader[] = [];
  const connect = async (headers: Record<string, string> = {}) => {
    const reader = await SseReader.open(url, headers);
    readers.push(reader);
    return reader;
  };
  const close = async () => {
    for (const reader of readers) reader.close();
    streams.closeAll();
    metrics.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { clock, events, streams, url, opened, logs, connect, close };
}

/** A raw client that sends its request and then never reads: the kernel buffers fill, then ours would. */
async function stalledClient(url: string) {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('GET / HTTP/1.1\r\nhost: x\r\naccept: text/event-stream\r\n\r\n');
  socket.pause();
  return socket;
}

const bigPanels = (size: number) => ({
  panels: [
    {
      id: 'health',
      title: 'x'.repeat(size),
      entry: 'http://localhost:5174/m.json',
      module: './Panel',
      version: '1',
    },
  ],
});

describe('EventStreams', () => {
  it('sends a heartbeat comment every interval on an idle stream', async () => {
    const s = await streamServer();
    const reader = await SseReader.open(s.url);
    try {
      await reader.next((m) => m.event === 'snapshot');
      const heartbeats = () => reader.comments.filter((c) => c.startsWith('heartbeat'));
      expect(heartbeats()).toEqual([]);
      const beatAt = (ms: number) => `heartbeat ${new Date(ms).toISOString()}`;
      const start = s.clock.now();
      await s.clock.advance(15_000);
      await reader.comment(/^heartbeat/);
      await s.clock.advance(15_000);
      // the second beat carries the later time, so waiting for its text waits for it
      await reader.comment(new RegExp(`^${beatAt(start + 30_000)}$`));
      expect(heartbeats()).toEqual([beatAt(start + 15_000), beatAt(start + 30_000)]);
    } finally {
      reader.close();
      await s.close();
    }
  });

  it('drops a client that stops reading once its backlog passes a bound far below 4 MiB', async () => {
    const s = await streamServer();
    const socket = await stalledClient(s.url);
    await s.opened;
    expect(s.streams.size).toBe(1);
    // 100 kB events until the client is dropped; the kernel's socket buffers take the first ones
    const event = bigPanels(100_000);
    for (let i = 0; i < 1000 && s.streams.size > 0; i++) {
      s.events.publish('panels', event);
      await new Promise((r) => setImmediate(r));
    }
    expect(s.streams.size).toBe(0);
    const dropped = s.logs.find((l) => l.msg === 'SSE client too slow; dropping it');
    // at most the bound (256 KiB) plus the one frame that pushed it over
    expect(dropped?.buffered).toBeGreaterThan(256 * 1024);
    expect(dropped?.buffered).toBeLessThan(256 * 1024 + 110_000);
    socket.destroy();
    await s.close();
  });

  it('keeps a reading client whose snapshot alone is larger than the bound', async () => {
    // 20 MB of services: far more than the kernel takes at once, so most of it waits in our buffer
    const services = Array.from({ length: 10_000 }, (_, i) => ({
      id: `s${i}`,
      pad: 'x'.repeat(2000),
    }));
    const monitor = {
      ...gw().gateway.deps.monitor,
      listServices: () => services,
    } as unknown as Monitor;
    const s = await streamServer({ monitor, maxBufferedBytes: 1024 });
    const reader = await s.connect();
    await s.opened;
    const event = s.events.publish('panels', { panels: [] });
    await reader.next((m) => m.id === String(event.id));
    expect(reader.messages.map((m) => m.event)).toEqual(['snapshot', 'panels']);
    expect(s.streams.size).toBe(1);
    await s.close();
  });

  it('serializes each event once, however many clients receive it', async () => {
    const s = await streamServer();
    const readers = await Promise.all([s.connect(), s.connect(), s.connect()]);
    await Promise.all(readers.map((r) => r.next((m) => m.event === 'snapshot')));
    const data = bigPanels(10);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const event = s.events.publish('panels', data);
      await Promise.all(readers.map((r) => r.next((m) => m.id === String(event.id))));
      expect(stringify.mock.calls.filter(([value]) => value === data)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
      await s.close();
    }
  });

  it('sends the frames of one loop turn as one chunk, in order', async () => {
    const s = await streamServer();
    const socket = connect(Number(new URL(s.url).port), '127.0.0.1');
    let raw = '';
    socket.setEncoding('latin1').on('data', (text: string) => (raw += text));
    socket.write('GET / HTTP/1.1\r\nhost: x\r\naccept: text/event-stream\r\n\r\n');
    try {
      await vi.waitFor(() => expect(raw).toContain('event: snapshot'));
      const before = raw.length;
      const ids = [1, 2, 3].map(() => s.events.publish('panels', { panels: [] }).id);
      await vi.waitFor(() => expect(raw).toContain(`id: ${ids[2]}\n`));
      // chunked encoding: one size line, then the three frames
      const chunks = raw
        .slice(before)
        .split('\r\n')
        .filter((part) => /^[0-9a-f]+$/.test(part));
      expect(chunks).toHaveLength(1);
      const at = ids.map((id) => raw.indexOf(`id: ${id}\n`, before));
      expect(at).toEqual([...at].sort((a, b) => a - b));
    } finally {
      socket.destroy();
      await s.close();
    }
  });

  it.each([
    ['one caller holds its limit', { maxStreamsPerClient: 2, maxStreams: 10 }, 429],
    ['the gateway holds its limit', { maxStreamsPerClient: 10, maxStreams: 2 }, 503],
  ])('refuses a new stream when %s, with Retry-After', async (_, limits, status) => {
    const s = await streamServer(limits);
    for (let i = 0; i < 2; i++)
      await (await s.connect({ 'x-client': 'greedy' })).next((m) => m.event === 'snapshot');
    const refused = await s.connect({ 'x-client': 'greedy' });
    expect(refused.status).toBe(status);
    expect(refused.headers?.get('retry-after')).toBe('3');
    expect(s.streams.size).toBe(2);
    // another caller is only held back by the total
    const other = await s.connect({ 'x-client': 'modest' });
    expect(other.status).toBe(status === 429 ? 200 : 503);
    await s.close();
  });

  it('frees a stream slot when a client leaves', async () => {
    const s = await streamServer({ maxStreamsPerClient: 1 });
    const first = await s.connect();
    await first.next((m) => m.event === 'snapshot');
    first.close();
    await vi.waitFor(() => expect(s.streams.size).toBe(0));
    const again = await s.connect();
    expect(again.status).toBe(200);
    await s.close();
  });

  it('ends the streams of a session that logged out, and only those', async () => {
    const s = await streamServer();
    const mine = await s.connect({ 'x-session': 's1', 'x-client': 'a' });
    const theirs = await s.connect({ 'x-session': 's2', 'x-client': 'b' });
    await mine.next((m) => m.event === 'snapshot');
    await theirs.next((m) => m.event === 'snapshot');
    expect(s.streams.endStreamsOfSession('s1')).toBe(1);
    await mine.closedByServer();
    const event = s.events.publish('panels', { panels: [] });
    await theirs.next((m) => m.id === String(event.id));
    await s.close();
  });
});

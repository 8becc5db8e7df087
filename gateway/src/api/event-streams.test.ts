import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '@aether/contract';
import { pino } from 'pino';
import { EventBus } from '../events/bus.js';
import { createGatewayMetrics } from '../metrics/gateway-metrics.js';
import { FakeClock } from '../testing/fake-clock.js';
import { startGatewayUnderTest, type GatewayUnderTest } from '../testing/gateway-under-test.js';
import { SseReader } from '../testing/sse-reader.js';
import { EventStreams } from './event-streams.js';

let gw: GatewayUnderTest;
beforeAll(async () => {
  gw = await startGatewayUnderTest();
});
afterAll(async () => {
  await gw?.close();
});

/**
 * EventStreams behind a bare HTTP server, with its own bus and a fake clock for heartbeats.
 * `opened` resolves once the first stream is open, so a test waits for that event, not for time.
 */
async function streamServer(maxBufferedBytes?: number) {
  const clock = new FakeClock();
  const events = new EventBus();
  const metrics = createGatewayMetrics({
    events,
    monitor: gw.gateway.deps.monitor,
    processMetrics: false,
  });
  const streams = new EventStreams({
    metrics,
    clock,
    heartbeatMs: 15_000,
    ...(maxBufferedBytes ? { maxBufferedBytes } : {}),
  });
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    streams.open({
      res,
      events,
      monitor: gw.gateway.deps.monitor,
      log: pino({ level: 'silent' }),
      lastEventId: undefined,
      types: new Set(EVENT_NAMES),
    });
    markOpened();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    streams.closeAll();
    metrics.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { clock, events, streams, url, opened, close };
}

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

  it('drops a client that does not read instead of buffering without bound', async () => {
    const s = await streamServer(256 * 1024);
    // a raw socket that never reads: the kernel buffers fill, then ours would
    const { connect } = await import('node:net');
    const socket = connect(Number(new URL(s.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nhost: x\r\naccept: text/event-stream\r\n\r\n');
    socket.pause();
    await s.opened;
    expect(s.streams.size).toBe(1);
    const big = {
      panels: [
        {
          id: 'health',
          title: 'x'.repeat(100_000),
          entry: 'http://localhost:5174/m.json',
          module: './Panel',
          version: '1',
        },
      ],
    };
    for (let i = 0; i < 400 && s.streams.size > 0; i++) {
      s.events.publish('panels', big);
      await new Promise((r) => setImmediate(r));
    }
    expect(s.streams.size).toBe(0);
    socket.destroy();
    await s.close();
  });
});

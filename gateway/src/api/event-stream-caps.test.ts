import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../cli/start-gateway.js';
import { parseConfigText } from '../config/load.js';
import { sha256 } from '../testing/bot-tokens.js';
import { startConfigGateway } from '../testing/config-gateway.js';
import { SseReader } from '../testing/sse-reader.js';

/** server.events: the SSE caps come from the config, and a lowered one applies to the real gateway. */
const parse = (text: string) => parseConfigText(text, 'aether.config.yaml', {});
const CALLERS = ['ada', 'bob', 'cy'] as const;
const bearer = (name: string) => ({ authorization: `Bearer ${name}-token` });

describe('server.events in the config', () => {
  it('defaults to 8 per caller, 1,000 in total and a 256 KiB backlog', () => {
    expect(parse('services: []').server.events).toEqual({
      perCaller: 8,
      total: 1000,
      backlogBytes: 262_144,
    });
  });

  it.each([
    ['perCaller: 0', /server\.events\.perCaller/],
    ['total: 1.5', /server\.events\.total/],
    ['backlogBytes: 4194304', /server\.events\.backlogBytes/],
    ['backlogBytes: 1024', /server\.events\.backlogBytes/],
    [
      'perCaller: 20, total: 10',
      /server\.events\.perCaller: cannot be more than server\.events\.total/,
    ],
    ['perStream: 3', /perStream/],
  ])('refuses %s, naming the field', (fields, message) => {
    expect(() => parse(`server: { events: { ${fields} } }`)).toThrow(message);
  });
});

describe('lowered caps on the real gateway', () => {
  let gw: RunningGateway;
  const logs: Array<Record<string, unknown>> = [];
  const readers: SseReader[] = [];
  const open = async (name: string) => {
    const reader = await SseReader.open(`${gw.url}/api/events`, bearer(name));
    readers.push(reader);
    return reader;
  };

  beforeAll(async () => {
    gw = await startConfigGateway(
      [
        'server: { port: 0, events: { perCaller: 1, total: 2, backlogBytes: 16384 } }',
        'auth:',
        '  tokens:',
        ...CALLERS.map(
          (n) => `    - { name: ${n}, role: viewer, sha256: "${sha256(`${n}-token`)}" }`,
        ),
        'panels: []',
      ],
      {
        logger: pino(
          { level: 'warn' },
          { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
        ),
      },
    );
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await gw.close();
  });

  it('refuses a second stream of one caller (429) and a stream past the total (503)', async () => {
    await (await open('ada')).next((m) => m.event === 'snapshot');
    const again = await open('ada');
    expect(again.status).toBe(429);
    expect(again.headers?.get('retry-after')).toBe('3');
    await (await open('bob')).next((m) => m.event === 'snapshot');
    const third = await open('cy');
    expect(third.status).toBe(503);
    expect(third.headers?.get('retry-after')).toBe('3');
    expect(gw.app.runtime.streams.size).toBe(2);
    // a slot freed is a slot taken again
    readers[0]!.close();
    await expect.poll(() => gw.app.runtime.streams.size).toBe(1);
    expect((await open('cy')).status).toBe(200);
  });

  it('drops a client that stops reading once its backlog passes backlogBytes (16 KiB)', async () => {
    for (const reader of readers.splice(0)) reader.close();
    await expect.poll(() => gw.app.runtime.streams.size).toBe(0);
    const port = Number(new URL(gw.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `GET /api/events HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\nauthorization: Bearer ada-token\r\n\r\n`,
    );
    socket.pause();
    await expect.poll(() => gw.app.runtime.streams.size).toBe(1);
    // 20 kB events until the client is dropped; the kernel's socket buffers take the first ones
    const panels = {
      panels: [
        {
          id: 'p',
          title: 'x'.repeat(20_000),
          entry: 'https://p.test/m.json',
          module: './Panel',
          version: '1',
        },
      ],
    };
    for (let i = 0; i < 5000 && gw.app.runtime.streams.size > 0; i++) {
      gw.deps.events.publish('panels', panels);
      await new Promise((r) => setImmediate(r));
    }
    expect(gw.app.runtime.streams.size).toBe(0);
    const dropped = logs.find((l) => l.msg === 'SSE client too slow; dropping it');
    // at most the configured bound plus the one frame that pushed it over, far below the 256 KiB default
    expect(dropped?.buffered).toBeGreaterThan(16_384);
    expect(dropped?.buffered).toBeLessThan(16_384 + 21_000);
    socket.destroy();
  });
});

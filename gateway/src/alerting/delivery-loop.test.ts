import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { openDatabase } from '../store/database.js';
import type { DeliveryAttempt, OutboxMessage } from '../store/outbox-store.js';
import { outboxNotification } from '../store/outbox-store.suite.js';
import { SqliteOutboxStore } from '../store/sqlite-outbox-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import type { Notifier } from './channels/index.js';
import { RecordingReceiver } from './channels/recording-receiver.js';
import { webhookChannel } from './channels/webhook.js';
import { DeliveryLoop } from './delivery-loop.js';
import type { Notification, SendOutcome } from './types.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const H = 3_600_000;

/** A notifier answering from a script (then delivered), recording what it was asked to send. */
class ScriptedNotifier implements Notifier {
  readonly id = 'oncall';
  readonly type = 'test';
  readonly target = 'nowhere';
  readonly sent: { id: string; at: string }[] = [];
  script: (SendOutcome | (() => Promise<SendOutcome>))[] = [];
  fallback: SendOutcome = { outcome: 'delivered', status: 200 };

  async send(message: Notification, sentAt: string): Promise<SendOutcome> {
    this.sent.push({ id: message.id, at: sentAt });
    const next = this.script.shift() ?? this.fallback;
    return typeof next === 'function' ? next() : next;
  }
}

function setup(notifier = new ScriptedNotifier()) {
  const clock = new FakeClock(T0);
  const store = new SqliteOutboxStore(openDatabase(':memory:'));
  const attempts: DeliveryAttempt[] = [];
  const loop = new DeliveryLoop({
    store,
    clock,
    notifiers: () => new Map([[notifier.id, notifier]]),
    onAttempt: (_m, attempt) => attempts.push(attempt),
  });
  loop.start();
  return { clock, store, loop, notifier, attempts };
}

describe('DeliveryLoop', () => {
  it('writes first and sends on a later turn: enqueue never waits for the receiver', async () => {
    const { clock, store, loop, notifier } = setup();
    await loop.enqueue(outboxNotification('m1'));
    expect(notifier.sent).toEqual([]);
    expect(await store.get('m1')).toMatchObject({ state: 'pending' });
    await clock.advance(0);
    expect(notifier.sent.map((s) => s.id)).toEqual(['m1']);
    expect(await store.get('m1')).toMatchObject({
      state: 'delivered',
      attempts: [{ at: new Date(T0).toISOString(), outcome: 'delivered', status: 200 }],
    });
  });

  it('a receiver that hangs does not hold up new messages being written', async () => {
    const notifier = new ScriptedNotifier();
    let release!: (outcome: SendOutcome) => void;
    notifier.script.push(() => new Promise<SendOutcome>((resolve) => (release = resolve)));
    const { clock, store, loop } = setup(notifier);
    await loop.enqueue(outboxNotification('m1'));
    await clock.advance(0);
    expect(notifier.sent).toHaveLength(1);
    await loop.enqueue(outboxNotification('m2'));
    expect(await store.countPending()).toBe(2);
    release({ outcome: 'delivered', status: 200 });
    await clock.advance(0);
    expect(notifier.sent.map((s) => s.id)).toEqual(['m1', 'm2']);
    expect(await store.countPending()).toBe(0);
  });

  it('retries with backoff from 1 s to 5 min and gives up after 24 h, recording every attempt', async () => {
    const notifier = new ScriptedNotifier();
    notifier.fallback = { outcome: 'failed', retryable: true, error: 'ECONNREFUSED' };
    const { clock, store, loop } = setup(notifier);
    await loop.enqueue(outboxNotification('m1'));
    await clock.advance(24 * H);
    const offsets = notifier.sent.map((s) => (Date.parse(s.at) - T0) / S);
    expect(offsets.slice(0, 11)).toEqual([0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 811]);
    expect(offsets.at(-1)).toBe(24 * 3600);
    const message = (await store.get('m1'))!;
    expect(message.state).toBe('failed');
    expect(message.attempts).toHaveLength(offsets.length);
    expect(message.attempts.at(-1)).toMatchObject({ outcome: 'failed', error: 'ECONNREFUSED' });
    expect(message.attempts.slice(0, -1).every((a) => a.outcome === 'retrying')).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('honours Retry-After', async () => {
    const notifier = new ScriptedNotifier();
    notifier.script.push({
      outcome: 'failed',
      retryable: true,
      status: 429,
      error: 'HTTP 429',
      retryAfterMs: 120 * S,
    });
    const { clock, loop } = setup(notifier);
    await loop.enqueue(outboxNotification('m1'));
    await clock.advance(119 * S);
    expect(notifier.sent).toHaveLength(1);
    await clock.advance(1 * S);
    expect(notifier.sent.map((s) => Date.parse(s.at) - T0)).toEqual([0, 120 * S]);
  });

  it.each([
    [
      'a 4xx',
      { outcome: 'failed', retryable: false, status: 400, error: 'HTTP 400' } as SendOutcome,
    ],
    [
      'a missing variable',
      { outcome: 'failed', retryable: false, error: 'X is not set' } as SendOutcome,
    ],
  ])('%s fails at once, one attempt', async (_name, outcome) => {
    const notifier = new ScriptedNotifier();
    notifier.script.push(outcome);
    const { clock, store, loop } = setup(notifier);
    await loop.enqueue(outboxNotification('m1'));
    await clock.advance(H);
    expect(notifier.sent).toHaveLength(1);
    expect(await store.get('m1')).toMatchObject({
      state: 'failed',
      attempts: [{ outcome: 'failed' }],
    });
  });

  it('a message for a channel no longer configured fails with that reason', async () => {
    const { clock, store, loop } = setup();
    await loop.enqueue({ ...outboxNotification('m1'), channelId: 'removed' });
    await clock.advance(0);
    expect(await store.get('m1')).toMatchObject({
      state: 'failed',
      attempts: [{ outcome: 'failed', error: 'channel removed is no longer configured' }],
    });
  });

  it('sends each of many pending messages exactly once, in batches', async () => {
    const { clock, loop, notifier, attempts } = setup();
    for (let i = 0; i < 130; i++) await loop.enqueue(outboxNotification(`m${i}`));
    await clock.advance(0);
    const ids = notifier.sent.map((s) => s.id);
    expect(ids).toHaveLength(130);
    expect(new Set(ids).size).toBe(130);
    expect(attempts).toHaveLength(130);
  });

  it('a receiver that hangs holds only its own channel', async () => {
    const clock = new FakeClock(T0);
    const store = new SqliteOutboxStore(openDatabase(':memory:'));
    const hanging = new ScriptedNotifier();
    const releases: (() => void)[] = [];
    hanging.fallback = { outcome: 'delivered', status: 202 };
    for (let i = 0; i < 5; i++)
      hanging.script.push(
        () =>
          new Promise<SendOutcome>((resolve) =>
            releases.push(() => resolve({ outcome: 'delivered', status: 202 })),
          ),
      );
    const webhook = new ScriptedNotifier();
    const loop = new DeliveryLoop({
      store,
      clock,
      concurrency: 4,
      perChannel: 2,
      notifiers: () =>
        new Map<string, Notifier>([
          ['pager', hanging],
          ['oncall', webhook],
        ]),
    });
    loop.start();
    for (let i = 0; i < 5; i++)
      await loop.enqueue({ ...outboxNotification(`p${i}`), channelId: 'pager' });
    for (let i = 0; i < 6; i++) await loop.enqueue(outboxNotification(`h${i}`));
    await clock.advance(0);
    expect(hanging.sent.map((s) => s.id)).toEqual(['p0', 'p1']);
    expect(webhook.sent.map((s) => s.id)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
    for (let round = 0; round < 3; round++) {
      releases.splice(0).forEach((release) => release());
      await clock.advance(0);
    }
    expect(hanging.sent.map((s) => s.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(await store.countPending()).toBe(0);
    await loop.stop();
  });

  it('picks up what was pending before a restart, and stops cleanly', async () => {
    const clock = new FakeClock(T0);
    const store = new SqliteOutboxStore(openDatabase(':memory:'));
    await store.enqueue(outboxNotification('left-over'), T0 - 10 * S);
    const notifier = new ScriptedNotifier();
    const loop = new DeliveryLoop({
      store,
      clock,
      notifiers: () => new Map([['oncall', notifier]]),
    });
    await clock.advance(S);
    expect(notifier.sent).toEqual([]);
    loop.start();
    await clock.advance(0);
    expect(notifier.sent.map((s) => s.id)).toEqual(['left-over']);
    await loop.stop();
    await store.enqueue(outboxNotification('after-stop'), clock.now());
    await clock.advance(H);
    expect(notifier.sent).toHaveLength(1);
  });
});

describe('DeliveryLoop across a crash', () => {
  it('a process that dies between attempts loses nothing, and the next one sends each message once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-loop-'));
    try {
      const path = join(dir, 'aether.db');
      const clock1 = new FakeClock(T0);
      const db1 = openDatabase(path);
      const down = new ScriptedNotifier();
      down.fallback = { outcome: 'failed', retryable: true, error: 'ECONNREFUSED' };
      const loop1 = new DeliveryLoop({
        store: new SqliteOutboxStore(db1),
        clock: clock1,
        notifiers: () => new Map([['oncall', down]]),
      });
      loop1.start();
      await loop1.enqueue(outboxNotification('m1'));
      await loop1.enqueue(outboxNotification('m2'));
      await clock1.advance(1 * S);
      expect(down.sent.map((s) => s.id)).toEqual(['m1', 'm2', 'm1', 'm2']);
      // kill -9: no stop(), the file is simply left as it is and this clock never moves again
      db1.close();

      const clock2 = new FakeClock(T0 + 2 * S);
      const db2 = openDatabase(path);
      const store2 = new SqliteOutboxStore(db2);
      const up = new ScriptedNotifier();
      const loop2 = new DeliveryLoop({
        store: store2,
        clock: clock2,
        notifiers: () => new Map([['oncall', up]]),
      });
      loop2.start();
      await clock2.advance(5 * S);
      expect(up.sent.map((s) => s.id).sort()).toEqual(['m1', 'm2']);
      expect((await store2.get('m1'))?.attempts.map((a) => a.outcome)).toEqual([
        'retrying',
        'retrying',
        'delivered',
      ]);
      await loop2.stop();
      db2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DeliveryLoop with a real webhook receiver', () => {
  it('retries a 503 with the same X-Aether-Delivery and records both attempts', async () => {
    const receiver = await RecordingReceiver.start();
    try {
      receiver.answer({ status: 503, body: 'busy' });
      const store = new SqliteOutboxStore(openDatabase(':memory:'));
      const webhook = webhookChannel.create(
        { id: 'oncall', type: 'webhook', url: receiver.url(), secret: 's3cret-value' },
        { env: {}, now: () => Date.now() },
      );
      const done = new Promise<OutboxMessage>((resolve) => {
        const loop = new DeliveryLoop({
          store,
          clock: systemClock,
          retry: { initialMs: 5, maxMs: 5, giveUpAfterMs: 60_000 },
          notifiers: () => new Map([['oncall', webhook]]),
          onAttempt: (message, attempt) => {
            if (attempt.outcome === 'delivered') void loop.stop().then(() => resolve(message));
          },
        });
        loop.start();
        void loop.enqueue(outboxNotification('delivery-1'));
      });
      await done;
      await receiver.received(2);
      expect(receiver.requests.map((r) => r.headers['x-aether-delivery'])).toEqual([
        'delivery-1',
        'delivery-1',
      ]);
      expect((await store.get('delivery-1'))?.attempts).toEqual([
        expect.objectContaining({ outcome: 'retrying', status: 503, error: 'HTTP 503: busy' }),
        expect.objectContaining({ outcome: 'delivered', status: 200 }),
      ]);
    } finally {
      await receiver.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { outboxNotification } from '../store/outbox-store.suite.js';
import { SqliteOutboxStore } from '../store/sqlite-outbox-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import type { Notifier } from './channels/index.js';
import { DeliveryLoop } from './delivery-loop.js';
import type { Notification, SendOutcome } from './types.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

/** A receiver whose every send waits until the test answers it. */
class HeldNotifier implements Notifier {
  readonly id = 'oncall';
  readonly type = 'test';
  readonly target = 'nowhere';
  readonly sent: string[] = [];
  readonly answers: ((outcome: SendOutcome) => void)[] = [];

  send(message: Notification): Promise<SendOutcome> {
    this.sent.push(message.id);
    return new Promise((resolve) => this.answers.push(resolve));
  }
}

describe('DeliveryLoop claims across gateways (one outbox, two loops)', () => {
  it("a gateway whose lease ran out reports a retry without ending the next gateway's claim: no third send", async () => {
    const clock = new FakeClock(T0);
    const store = new SqliteOutboxStore(openDatabase(':memory:'));
    const receiver = new HeldNotifier();
    const loop = () =>
      new DeliveryLoop({
        store,
        clock,
        leaseMs: 10 * S,
        notifiers: () => new Map([[receiver.id, receiver]]),
      });
    const a = loop();
    const b = loop();
    a.start();
    await a.enqueue(outboxNotification('m1'));
    await clock.advance(0);
    expect(receiver.sent).toEqual(['m1']); // A sends, and hangs past its lease
    b.start();
    await clock.advance(10 * S);
    expect(receiver.sent).toEqual(['m1', 'm1']); // B takes the expired claim over and sends
    // A's attempt finally ends in a 503: a retry due 1 s later, had it ended B's claim
    receiver.answers[0]!({ outcome: 'failed', retryable: true, status: 503, error: 'HTTP 503' });
    await clock.advance(5 * S);
    expect(receiver.sent).toEqual(['m1', 'm1']);
    expect(await store.get('m1')).toMatchObject({ state: 'pending' });
    receiver.answers[1]!({ outcome: 'delivered', status: 200 });
    await clock.advance(60 * S);
    expect(receiver.sent).toEqual(['m1', 'm1']);
    const message = await store.get('m1');
    expect(message?.state).toBe('delivered');
    expect(message?.attempts.map((attempt) => attempt.outcome)).toEqual(['retrying', 'delivered']);
    await Promise.all([a.stop(), b.stop()]);
  });
});

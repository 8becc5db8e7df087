import { describe, expect, it } from 'vitest';
import { makeResult, makeServiceDetail, makeServices } from '@aether/contract/fixtures';
import { EventBus } from '../events/bus.js';
import { openDatabase } from '../store/database.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { SqliteDeployStore } from '../store/sqlite-deploy-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createDeploys } from './create-deploys.js';

describe('createDeploys', () => {
  it('knows the failures of each check’s last result at once (a restart), and learns from result events', async () => {
    const service = makeServices(1)[0]!;
    const detail = makeServiceDetail(0);
    const [check] = detail.checks;
    const at = Date.parse(check!.lastResult?.timestamp ?? '2026-11-27T12:00:00.000Z');
    const clock = new FakeClock(at + 60_000);
    const failed = makeResult(service.id, check!.id, false, {
      timestamp: new Date(at).toISOString(),
      conditions: [
        { condition: 'json $.status', expected: 'ok', actual: 'bad', ok: false, severity: 'fail' },
      ],
      errors: [],
    });
    const events = new EventBus();
    const results = new MemoryResultStore({ clock });
    const { deploys, close } = createDeploys({
      store: new SqliteDeployStore(openDatabase(':memory:')),
      results,
      monitor: {
        listServices: () => [service],
        getService: (id) =>
          id === service.id
            ? { ...detail, id, checks: [{ ...check!, lastResult: failed }] }
            : undefined,
      },
      clock,
      events,
    });
    try {
      const first = await deploys.start({ services: [service.id], version: '1' }, 'ci');
      const before = (await deploys.compare(first.id)).checks[0]!.before;
      expect(before.failing).toEqual(['json $.status']);

      await clock.advance(60_000);
      events.publish(
        'result',
        makeResult(service.id, check!.id, false, {
          timestamp: new Date(clock.now()).toISOString(),
          conditions: [],
          errors: [{ kind: 'timeout', message: 'after 2s' }],
        }),
      );
      expect((await deploys.compare(first.id)).checks[0]!.after.failing).toEqual(['error timeout']);
      close();
      events.publish(
        'result',
        makeResult(service.id, check!.id, false, {
          timestamp: new Date(clock.now()).toISOString(),
          conditions: [],
          errors: [{ kind: 'refused', message: 'ECONNREFUSED' }],
        }),
      );
      expect((await deploys.compare(first.id)).checks[0]!.after.failing).toEqual(['error timeout']);
    } finally {
      close();
      await results.close();
    }
  });
});

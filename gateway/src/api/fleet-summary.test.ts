import { describe, expect, it } from 'vitest';
import { summarizeServices, type ServiceSummary, type Status } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { EventBus } from '../events/bus.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createFleetSummary } from './fleet-summary.js';

/** A fleet whose list the summary may read, and a status change published as the monitor does. */
function fleet(n: number) {
  const list: ServiceSummary[] = Array.from({ length: n }, (_, i) => makeService(i));
  const events = new EventBus();
  const clock = new FakeClock(0);
  let listed = 0;
  const monitor = {
    listServices: () => {
      listed++;
      return list;
    },
  };
  const change = (i: number, over: Partial<ServiceSummary>) => {
    const previous = list[i]!.status;
    list[i] = { ...list[i]!, ...over };
    events.publish('status', {
      serviceId: list[i]!.id,
      checkId: 'health',
      status: list[i]!.status,
      previous,
      since: '2026-11-27T12:00:00.000Z',
      service: list[i]!,
    });
  };
  const summary = createFleetSummary({ monitor, events, clock, recountMs: 30_000 });
  return { list, events, clock, change, summary, listed: () => listed };
}

const statuses: Status[] = ['up', 'down', 'degraded', 'unknown'];

describe('fleet summary', () => {
  it('follows status events without counting the list again, and agrees with a count', () => {
    const { list, change, summary, listed } = fleet(200);
    expect(summary.current(1)).toEqual(summarizeServices(list, 1));
    for (let k = 0; k < 500; k++) change((k * 37) % list.length, { status: statuses[k % 4]! });
    // a service going into maintenance by its event counts there, whatever its status
    change(3, {
      maintenance: { id: 'mw-1', reason: 'upgrade', endsAt: '2026-11-27T13:00:00.000Z' },
    });
    expect(summary.current(2)).toEqual(summarizeServices(list, 2));
    expect(listed()).toBe(1);
  });

  it('counts the list again after an event that may change services other than a status', () => {
    const { list, events, summary, listed } = fleet(20);
    summary.current(1);
    list.push(makeService(20, { group: 'a-new-group', status: 'down' }));
    events.publish('config', {
      sha256: 'x',
      loadedAt: new Date(0).toISOString(),
      changes: {},
    } as never);
    expect(summary.current(2)).toEqual(summarizeServices(list, 2));
    expect(listed()).toBe(2);
    // results and alerts change no count: no recount for them
    events.publish('alert', {} as never);
    summary.current(3);
    expect(listed()).toBe(2);
  });

  it('counts again when a status event names a service it does not know', () => {
    const { list, events, summary } = fleet(10);
    summary.current(1);
    const added = makeService(10, { status: 'down' });
    list.push(added);
    events.publish('status', {
      serviceId: added.id,
      checkId: 'health',
      status: 'down',
      previous: 'unknown',
      since: '2026-11-27T12:00:00.000Z',
      service: added,
    });
    expect(summary.current(2)).toEqual(summarizeServices(list, 2));
  });

  it('counts the list again recountMs after the last count, so a change it missed does not stay', async () => {
    const { list, clock, summary } = fleet(10);
    summary.current(1);
    list[0] = { ...list[0]!, status: list[0]!.status === 'down' ? 'up' : 'down' }; // no event
    await clock.advance(30_000);
    expect(summary.current(2)).toEqual(summarizeServices(list, 2));
  });
});

import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '@aether/contract';
import { setup, T0 } from '../monitor/monitor-harness.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createServiceRevisions } from './service-revisions.js';
import { createServicesCache } from './services-cache.js';

const HOUR = 3_600_000;

/** Starts the refresh the uptime columns are due for and lets the store's answer arrive. */
async function refreshed(monitor: { listServices(): unknown }, clock: FakeClock) {
  monitor.listServices();
  await clock.advance(0);
}

/** The uptime columns as the store counts them now: what every answer must show. */
async function storeUptime(store: MemoryResultStore, now: number, id: string) {
  const [h1, h24, d7] = await Promise.all([
    store.uptimeByService(now - HOUR, now),
    store.uptimeByService(now - 24 * HOUR, now),
    store.uptimeByService(now - 168 * HOUR, now),
  ]);
  const ratio = (c?: { count: number; failures: number }) =>
    c && c.count > 0 ? (c.count - c.failures) / c.count : null;
  return { h1: ratio(h1.get(id)), h24: ratio(h24.get(id)), d7: ratio(d7.get(id)) };
}

/**
 * The list + watch contract with the uptime columns' refresh in play (the monitor of the harness:
 * orders, billing, empty), in process and in fake time.
 */
describe('changes?since= and uptime refreshes', () => {
  it('a client following changes?since= ends up with the list a full read gives; uptime alone moves no revision', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryResultStore({ clock, flushIntervalMs: 60_000 });
    const { monitor, events, behaviour } = await setup({ clock, store });
    const cache = createServicesCache({ monitor, events, clock });
    const revisions = createServiceRevisions({ monitor, events, clock });
    monitor.start();
    await clock.advance(40_000);
    let followed: ServiceSummary[] = [...cache.get().services];
    let since = revisions.current;
    const follow = () => {
      const outcome = revisions.changesSince(since, cache.get().services);
      if (outcome.kind !== 'changes') throw new Error('expired');
      const changed = new Map(outcome.changed.map((s) => [s.id, s]));
      followed = followed
        .filter((s) => !outcome.removed.includes(s.id))
        .map((s) => changed.get(s.id) ?? s);
      since = outcome.revision;
      return outcome;
    };

    // orders fails once (failAfter 2: still up): its uptime moves, its state does not
    behaviour.set('orders/health', 'fail');
    await clock.advance(10_000);
    behaviour.set('orders/health', 'ok');
    await clock.advance(30_000);
    await refreshed(monitor, clock);
    expect(monitor.listServices().find((s) => s.id === 'orders')!.uptime.h1).toBeLessThan(1);
    expect(follow().changed).toEqual([]);

    // billing goes down: a state change the feed carries, with the uptime read at that build
    behaviour.set('billing/health', 'fail');
    await clock.advance(20_000);
    await refreshed(monitor, clock);
    await clock.advance(10_000);
    const outcome = follow();
    expect(outcome.changed.map((s) => s.id)).toEqual(['billing']);

    const full = cache.get().services;
    // the live values are read fresh in every answer and move no revision (the contract)
    const live = (s: ServiceSummary) => ({
      ...s,
      lastLatencyMs: 0,
      lastCheckedAt: '',
      uptime: null,
    });
    expect(followed.map(live)).toEqual(full.map(live));
    for (const changed of outcome.changed)
      expect(changed).toEqual(full.find((s) => s.id === changed.id));
    // and once probing stops, every entry of a read shows what the store counts (none left stale)
    revisions.close();
    cache.close();
    await monitor.stop();
    await clock.advance(30_000);
    const at = clock.now();
    await refreshed(monitor, clock);
    await clock.advance(5_000); // every slice told
    for (const s of monitor.listServices())
      expect(s.uptime, s.id).toEqual(await storeUptime(store, at, s.id));
  });
});

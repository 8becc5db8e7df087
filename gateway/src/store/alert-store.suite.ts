import { describe, expect, it } from 'vitest';
import type { Alert } from '../alerting/types.js';
import type { AlertRecord, AlertStore } from './alert-store.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function record(
  id: string,
  serviceId: string,
  sinceMin: number,
  extra: Partial<Alert> = {},
): AlertRecord {
  return {
    alert: {
      id,
      state: 'firing',
      service: { id: serviceId, name: serviceId, group: 'shop', tags: [] },
      check: { id: 'health', type: 'http' },
      cause: 'status: expected 200, actual 503',
      since: iso(T0 + sinceMin * MIN),
      ...extra,
    },
    told: ['oncall'],
    escalated: false,
  };
}

/** The behaviour every AlertStore must have; run once per backend. */
export function alertStoreSuite(name: string, make: () => AlertStore | Promise<AlertStore>): void {
  describe(`${name} (shared AlertStore suite)`, () => {
    it('saves, replaces and reads back a record as written', async () => {
      const store = await make();
      const first = record('a1', 'orders', 0);
      await store.save([first]);
      expect(await store.get('a1')).toEqual(first);
      const acked: AlertRecord = {
        ...first,
        alert: {
          ...first.alert,
          state: 'acknowledged',
          acknowledged: { by: 'alice', at: iso(T0 + MIN), comment: 'on it' },
        },
        told: ['oncall', 'mail'],
        escalated: true,
      };
      await store.save([acked]);
      expect(await store.get('a1')).toEqual(acked);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('saves a batch in one go; of two records of one alert the last wins', async () => {
      const store = await make();
      const firing = record('a1', 'orders', 0);
      const resolved = record('a1', 'orders', 0, { state: 'resolved', resolvedAt: iso(T0 + MIN) });
      await store.save([firing, record('a2', 'auth', 1), resolved]);
      expect(await store.get('a1')).toEqual(resolved);
      expect((await store.unresolved()).map((r) => r.alert.id)).toEqual(['a2']);
    });

    it('lists by state and service, latest since first', async () => {
      const store = await make();
      await store.save([record('a1', 'orders', 0)]);
      await store.save([record('a2', 'auth', 5, { state: 'held' })]);
      await store.save([
        record('a3', 'orders', 10, { state: 'resolved', resolvedAt: iso(T0 + 20 * MIN) }),
      ]);
      const ids = async (filter: Parameters<AlertStore['list']>[0]) =>
        (await store.list(filter)).map((a) => a.id);
      expect(await ids({})).toEqual(['a3', 'a2', 'a1']);
      expect(await ids({ states: ['firing', 'held'] })).toEqual(['a2', 'a1']);
      expect(await ids({ serviceId: 'orders' })).toEqual(['a3', 'a1']);
      expect(await ids({ serviceId: 'orders', states: ['resolved'] })).toEqual(['a3']);
      expect(await ids({ states: [] })).toEqual([]);
      expect(await ids({ limit: 1 })).toEqual(['a3']);
      expect((await store.unresolved()).map((r) => r.alert.id)).toEqual(['a1', 'a2']);
    });

    it('prunes resolved alerts older than a time, never open ones', async () => {
      const store = await make();
      await store.save([record('old', 'orders', 0, { state: 'resolved', resolvedAt: iso(T0) })]);
      await store.save([
        record('new', 'orders', 0, { state: 'resolved', resolvedAt: iso(T0 + 60 * MIN) }),
      ]);
      await store.save([record('open', 'auth', -600)]);
      expect(await store.prune(T0 + MIN)).toBe(1);
      expect((await store.list({})).map((a) => a.id).sort()).toEqual(['new', 'open']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { MaintenanceStore, NewMaintenanceWindow } from './maintenance-store.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const window = (startMin: number, endMin: number, reason = 'deploy'): NewMaintenanceWindow => ({
  match: { services: ['orders'], tags: ['prod'] },
  startsAt: iso(T0 + startMin * MIN),
  endsAt: iso(T0 + endMin * MIN),
  reason,
  createdBy: 'ci',
});

/** The behaviour every MaintenanceStore must have; run once per backend. */
export function maintenanceStoreSuite(
  name: string,
  make: () => MaintenanceStore | Promise<MaintenanceStore>,
): void {
  describe(`${name} (shared MaintenanceStore suite)`, () => {
    it('creates a window with an id and reads it back as written', async () => {
      const store = await make();
      const created = await store.create(window(0, 15));
      expect(created).toEqual({ id: expect.any(String), ...window(0, 15) });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('mw-unknown')).toBeUndefined();
    });

    it('lists by state at a given instant, latest start first', async () => {
      const store = await make();
      const ended = await store.create(window(-60, -30, 'past'));
      const active = await store.create(window(-5, 10, 'now'));
      const scheduled = await store.create(window(30, 60, 'later'));
      const at = T0;
      const reasons = async (states?: ('active' | 'scheduled' | 'ended')[]) =>
        (await store.list({ nowMs: at, ...(states ? { states } : {}) })).map((w) => w.reason);
      expect(await reasons()).toEqual(['later', 'now', 'past']);
      expect(await reasons(['active'])).toEqual(['now']);
      expect(await reasons(['scheduled'])).toEqual(['later']);
      expect(await reasons(['ended'])).toEqual(['past']);
      expect(await reasons(['active', 'scheduled'])).toEqual(['later', 'now']);
      expect(await reasons([])).toEqual([]);
      expect((await store.list({ nowMs: at, limit: 1 })).map((w) => w.id)).toEqual([scheduled.id]);
      expect([ended.id, active.id]).not.toContain(scheduled.id);
    });

    it('a window is active from its start up to, not including, its end', async () => {
      const store = await make();
      await store.create(window(0, 10));
      const activeAt = async (min: number) =>
        (await store.list({ nowMs: T0 + min * MIN, states: ['active'] })).length;
      expect([
        await activeAt(-1),
        await activeAt(0),
        await activeAt(9.99),
        await activeAt(10),
      ]).toEqual([0, 1, 1, 0]);
    });

    it('ends a window now, once, and records who did', async () => {
      const store = await make();
      const created = await store.create(window(-5, 60));
      const ended = await store.end(created.id, T0, 'alice');
      expect(ended).toEqual({ ...created, endsAt: iso(T0), endedBy: 'alice' });
      expect(await store.end(created.id, T0 + MIN, 'bob')).toBeUndefined();
      expect(await store.end('mw-unknown', T0, 'bob')).toBeUndefined();
      expect(await store.list({ nowMs: T0, states: ['active'] })).toEqual([]);
    });

    it('ending a scheduled window means it never runs', async () => {
      const store = await make();
      const created = await store.create(window(30, 60));
      const ended = await store.end(created.id, T0, 'alice');
      expect(ended).toMatchObject({ startsAt: iso(T0), endsAt: iso(T0) });
      expect(await store.list({ nowMs: T0 + 45 * MIN, states: ['active', 'scheduled'] })).toEqual(
        [],
      );
    });
  });
}

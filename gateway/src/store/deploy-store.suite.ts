import { describe, expect, it } from 'vitest';
import type { DeployStore, NewDeploy } from './deploy-store.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const deploy = (services: string[], startMin: number, version = '1.0.0'): NewDeploy => ({
  services,
  version,
  description: null,
  by: 'ci',
  startedAt: iso(T0 + startMin * MIN),
  failingBefore: { [services[0]!]: { health: ['json $.status'] } },
});

/** The behaviour every DeployStore must have; run once per backend. */
export function deployStoreSuite(
  name: string,
  make: () => DeployStore | Promise<DeployStore>,
): void {
  describe(`${name} (shared DeployStore suite)`, () => {
    it('creates a running deploy with an id and reads it back as written', async () => {
      const store = await make();
      const created = await store.create({ ...deploy(['orders', 'cart'], 0), description: 'x' });
      expect(created).toEqual({
        id: expect.any(String),
        ...deploy(['orders', 'cart'], 0),
        description: 'x',
        finishedAt: null,
        finishedBy: null,
        outcome: null,
      });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('dep-unknown')).toBeUndefined();
    });

    it('finishes a deploy once and records who and when', async () => {
      const store = await make();
      const created = await store.create(deploy(['orders'], 0));
      const end = { outcome: 'rolled-back' as const, atMs: T0 + 5 * MIN, by: 'alice' };
      expect(await store.finish(created.id, end)).toEqual({
        ...created,
        outcome: 'rolled-back',
        finishedAt: iso(T0 + 5 * MIN),
        finishedBy: 'alice',
      });
      expect(await store.finish(created.id, { ...end, outcome: 'succeeded' })).toBeUndefined();
      expect((await store.get(created.id))!.outcome).toBe('rolled-back');
      expect(await store.finish('dep-unknown', end)).toBeUndefined();
    });

    it('lists newest first, by service, by start range and up to a limit', async () => {
      const store = await make();
      await store.create(deploy(['orders'], 0, 'a'));
      await store.create(deploy(['cart', 'orders'], 10, 'b'));
      await store.create(deploy(['cart'], 20, 'c'));
      const versions = async (filter: Parameters<DeployStore['list']>[0]) =>
        (await store.list(filter)).map((d) => d.version);
      expect(await versions({ limit: 10 })).toEqual(['c', 'b', 'a']);
      expect(await versions({ limit: 2 })).toEqual(['c', 'b']);
      expect(await versions({ serviceId: 'orders', limit: 10 })).toEqual(['b', 'a']);
      expect(await versions({ serviceId: 'cart', limit: 1 })).toEqual(['c']);
      expect(await versions({ serviceId: 'nobody', limit: 10 })).toEqual([]);
      // [from, to): a deploy starting exactly at `to` is the next range's
      expect(
        await versions({ serviceId: 'orders', fromMs: T0, toMs: T0 + 10 * MIN, limit: 10 }),
      ).toEqual(['a']);
      expect(await versions({ fromMs: T0 + 10 * MIN, limit: 10 })).toEqual(['c', 'b']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { LoginFailureStore } from './login-failure-store.js';

export type MakeLoginFailureStore = () => LoginFailureStore | Promise<LoginFailureStore>;

/** What every LoginFailureStore backend must do; SQLite runs it today, a Postgres store must too. */
export function describeLoginFailureStoreSuite(
  name: string,
  makeStore: MakeLoginFailureStore,
): void {
  describe(`${name} (LoginFailureStore)`, () => {
    it('returns failures since a time, oldest first', async () => {
      const store = await makeStore();
      await store.record({ key: 'a', at: 10 }, 5);
      await store.record({ key: 'b', at: 20 }, 5);
      await store.record({ key: 'a', at: 30 }, 5);
      expect(await store.since(15)).toEqual([
        { key: 'b', at: 20 },
        { key: 'a', at: 30 },
      ]);
    });

    it('keeps only the newest rows of a key', async () => {
      const store = await makeStore();
      for (let at = 1; at <= 10; at++) await store.record({ key: 'flood', at }, 3);
      await store.record({ key: 'other', at: 5 }, 3);
      expect((await store.since(0)).filter((f) => f.key === 'flood').map((f) => f.at)).toEqual([
        8, 9, 10,
      ]);
      expect((await store.since(0)).filter((f) => f.key === 'other')).toHaveLength(1);
    });

    it('forgets a key and prunes old rows', async () => {
      const store = await makeStore();
      await store.record({ key: 'a', at: 10 }, 5);
      await store.record({ key: 'b', at: 20 }, 5);
      await store.record({ key: 'c', at: 30 }, 5);
      await store.forget('b');
      await store.prune(15);
      expect(await store.since(0)).toEqual([{ key: 'c', at: 30 }]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { SessionStore, StoredSession } from './session-store.js';

export type MakeSessionStore = () => SessionStore | Promise<SessionStore>;

const session = (over: Partial<StoredSession> = {}): StoredSession => ({
  idHash: 'a'.repeat(64),
  name: 'ada',
  tokenHash: 'c'.repeat(64),
  createdAt: 1000,
  expiresAt: 2000,
  ...over,
});

/** What every SessionStore backend must do; SQLite runs it today, a Postgres store must too. */
export function describeSessionStoreSuite(name: string, makeStore: MakeSessionStore): void {
  describe(`${name} (SessionStore)`, () => {
    it('finds a session by its hash until it expires', async () => {
      const store = await makeStore();
      await store.insert(session());
      expect(await store.find('a'.repeat(64), 1999)).toEqual(session());
      expect(await store.find('a'.repeat(64), 2000)).toBeUndefined();
      expect(await store.find('b'.repeat(64), 1500)).toBeUndefined();
    });

    it('deletes one session', async () => {
      const store = await makeStore();
      await store.insert(session());
      await store.insert(session({ idHash: 'b'.repeat(64), name: 'otto' }));
      await store.delete('a'.repeat(64));
      expect(await store.find('a'.repeat(64), 1500)).toBeUndefined();
      expect(await store.find('b'.repeat(64), 1500)).toMatchObject({ name: 'otto' });
    });

    it('drops expired sessions', async () => {
      const store = await makeStore();
      await store.insert(session({ expiresAt: 1500 }));
      await store.insert(session({ idHash: 'b'.repeat(64), expiresAt: 3000 }));
      await store.deleteExpired(1500);
      // still refused at an earlier `now`: the row is gone, not just filtered
      expect(await store.find('a'.repeat(64), 1000)).toBeUndefined();
      expect(await store.find('b'.repeat(64), 1000)).toBeDefined();
    });

    it('drops sessions whose token hash is not kept, and those without one', async () => {
      const store = await makeStore();
      await store.insert(session());
      await store.insert(session({ idHash: 'b'.repeat(64), tokenHash: 'd'.repeat(64) }));
      await store.insert(session({ idHash: 'e'.repeat(64), tokenHash: null }));
      expect(await store.deleteUnlessTokenIn(['c'.repeat(64)])).toBe(2);
      expect(await store.find('a'.repeat(64), 1500)).toBeDefined();
      expect(await store.find('b'.repeat(64), 1500)).toBeUndefined();
      expect(await store.find('e'.repeat(64), 1500)).toBeUndefined();
    });
  });
}

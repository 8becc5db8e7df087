import { describe, expect, it } from 'vitest';
import type { ConfirmTokenStore, StoredConfirmation } from './confirm-token-store.js';

export type MakeConfirmTokenStore = () => ConfirmTokenStore | Promise<ConfirmTokenStore>;

const confirmation = (over: Partial<StoredConfirmation> = {}): StoredConfirmation => ({
  tokenHash: 'a'.repeat(64),
  actor: 'otto',
  serviceId: 'orders',
  operationId: 'flush-cache',
  paramsHash: 'p'.repeat(64),
  expiresAt: 2000,
  ...over,
});

/** What every ConfirmTokenStore backend must do; SQLite runs it today, a Postgres store must too. */
export function describeConfirmTokenStoreSuite(
  name: string,
  makeStore: MakeConfirmTokenStore,
): void {
  describe(`${name} (ConfirmTokenStore)`, () => {
    it('keeps what a token is bound to', async () => {
      const store = await makeStore();
      await store.put(confirmation());
      expect(await store.get('a'.repeat(64))).toEqual(confirmation());
      expect(await store.get('b'.repeat(64))).toBeUndefined();
    });

    it('spends a token once', async () => {
      const store = await makeStore();
      await store.put(confirmation());
      const spent = await Promise.all([store.spend('a'.repeat(64)), store.spend('a'.repeat(64))]);
      expect(spent.sort()).toEqual([false, true]);
      expect(await store.get('a'.repeat(64))).toBeUndefined();
    });

    it('drops expired tokens only', async () => {
      const store = await makeStore();
      await store.put(confirmation({ expiresAt: 1500 }));
      await store.put(confirmation({ tokenHash: 'b'.repeat(64), expiresAt: 1501 }));
      await store.deleteExpired(1500);
      expect(await store.get('a'.repeat(64))).toBeUndefined();
      expect(await store.get('b'.repeat(64))).toBeDefined();
    });
  });
}

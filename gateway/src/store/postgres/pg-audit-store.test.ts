import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import { describePostgres } from '../../testing/postgres-database.js';
import { describeAuditStoreSuite } from '../domain/audit-store.suite.js';
import { PgAuditStore } from './pg-audit-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

const entry = (id: number): AuditEntry => ({
  id,
  at: '2026-11-27T10:00:00.000Z',
  actor: 'alice',
  role: 'operator',
  action: 'invoke',
  serviceId: 'orders',
  operationId: 'flush-cache',
  params: {},
  outcome: 'ok',
  httpStatus: 200,
  durationMs: 1,
  reason: null,
  approvalId: null,
  prevHash: String(id - 1),
  hash: String(id),
});

describePostgres('PgAuditStore', () => {
  const schemas = usePgTestSchemas();
  describeAuditStoreSuite('PgAuditStore', async () => PgAuditStore.open(await schemas.freshPool()));

  describe('PgAuditStore', () => {
    it('refuses updates, deletes and truncation at the storage level', async () => {
      const pool = await schemas.freshPool();
      const store = await PgAuditStore.open(pool);
      await store.appendLinked(() => entry(1));
      await store.appendLinked(() => entry(2));
      await expect(pool.query(`UPDATE audit SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(pool.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
      await expect(pool.query('TRUNCATE audit')).rejects.toThrow(/append-only/);
      // archiving lifts the guard only inside its own transaction
      expect(await store.archiveThrough({ id: 1, hash: '1', mac: 'x' })).toBe(1);
      await expect(pool.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
      expect(await store.tail()).toEqual({ id: 2, hash: '2' });
    });

    it('a failing link leaves the chain as it was', async () => {
      const store = await PgAuditStore.open(await schemas.freshPool());
      await store.appendLinked(() => entry(1));
      await expect(
        store.appendLinked(() => {
          throw new Error('no key');
        }),
      ).rejects.toThrow('no key');
      expect((await store.appendLinked((tail) => entry(tail!.id + 1))).id).toBe(2);
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import { GENESIS_HASH, hashEntry } from '../../audit/audit-log.js';
import { auditEntry } from '../../testing/audit-entries.js';
import { describePostgres } from '../../testing/postgres-database.js';
import { describeAuditStoreSuite } from '../domain/audit-store.suite.js';
import { PgAuditStore } from './pg-audit-store.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

describePostgres('PgAuditStore', () => {
  const schemas = usePgTestSchemas();
  describeAuditStoreSuite('PgAuditStore', async () => PgAuditStore.open(await schemas.freshPool()));

  describe('PgAuditStore', () => {
    it('refuses updates, deletes and truncation at the storage level', async () => {
      const pool = await schemas.freshPool();
      const store = await PgAuditStore.open(pool);
      await store.appendLinked(() => auditEntry(1));
      await store.appendLinked(() => auditEntry(2));
      await expect(pool.query(`UPDATE audit SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(pool.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
      await expect(pool.query('TRUNCATE audit')).rejects.toThrow(/append-only/);
      // archiving lifts the guard only inside its own transaction
      expect(await store.archiveThrough({ id: 1, hash: '1', mac: 'x' })).toBe(1);
      await expect(pool.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
      expect(await store.tail()).toEqual({ id: 2, hash: '2' });
    });

    it('reads entries back exactly as hashed: odd floats, unicode, nested params, nulls', async () => {
      const store = await PgAuditStore.open(await schemas.freshPool());
      const bodies: Array<Omit<AuditEntry, 'prevHash' | 'hash'>> = [
        {
          ...auditEntry(1),
          durationMs: 0.1 + 0.2,
          params: { note: 'Grüße 🚀 "quoted"\n', n: [1.5e-7, -0, 2 ** 53 - 1] },
        },
        {
          ...auditEntry(2),
          role: null,
          httpStatus: null,
          durationMs: null,
          reason: 'ünïcödé',
          target: 'panel:health',
        },
        {
          ...auditEntry(3),
          params: { deep: { z: { y: [{ x: null }] } }, empty: {} },
          approvalId: 'a-1',
        },
      ];
      for (const body of bodies)
        await store.appendLinked((tail) => {
          const {
            prevHash: _p,
            hash: _h,
            ...rest
          } = { ...body, id: (tail?.id ?? 0) + 1 } as AuditEntry;
          const prevHash = tail?.hash ?? GENESIS_HASH;
          return { ...rest, prevHash, hash: hashEntry(prevHash, rest) };
        });
      let prevHash = GENESIS_HASH;
      for await (const read of store.scan()) {
        const { hash, prevHash: linked, ...body } = read;
        expect(linked).toBe(prevHash);
        expect(hashEntry(prevHash, body)).toBe(hash);
        prevHash = hash;
      }
      expect((await store.get(1))?.durationMs).toBe(0.1 + 0.2);
    });

    it('a failing link leaves the chain as it was', async () => {
      const store = await PgAuditStore.open(await schemas.freshPool());
      await store.appendLinked(() => auditEntry(1));
      await expect(
        store.appendLinked(() => {
          throw new Error('no key');
        }),
      ).rejects.toThrow('no key');
      expect((await store.appendLinked((tail) => auditEntry(tail!.id + 1))).id).toBe(2);
    });
  });
});

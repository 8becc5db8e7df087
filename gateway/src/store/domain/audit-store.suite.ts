import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import type { AuditStore, AuditTail } from './audit-store.js';

export type MakeAuditStore = () => AuditStore | Promise<AuditStore>;

const T0 = Date.parse('2026-11-27T10:00:00Z');

/** An entry linked to `tail` the way the audit log links them (the hash is opaque to the store). */
function linked(tail: AuditTail | undefined, over: Partial<AuditEntry> = {}): AuditEntry {
  const id = (tail?.id ?? 0) + 1;
  return {
    id,
    at: new Date(T0 + id * 60_000).toISOString(),
    actor: 'alice',
    role: 'operator',
    action: 'invoke',
    serviceId: 'orders',
    operationId: 'flush-cache',
    params: { region: 'eu', nested: { b: 1, a: [1, 2] } },
    outcome: 'ok',
    httpStatus: 200,
    durationMs: 12.5,
    reason: null,
    approvalId: null,
    prevHash: tail?.hash ?? 'genesis',
    hash: `hash-${id}`,
    ...over,
  };
}

async function fill(store: AuditStore, count: number, over: (i: number) => Partial<AuditEntry>) {
  const out: AuditEntry[] = [];
  for (let i = 0; i < count; i++) out.push(await store.appendLinked((t) => linked(t, over(i))));
  return out;
}

async function collect(iterable: AsyncIterable<AuditEntry>): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const entry of iterable) out.push(entry);
  return out;
}

/** What every AuditStore backend must do; SQLite runs it today, a Postgres store must too. */
export function describeAuditStoreSuite(name: string, makeStore: MakeAuditStore): void {
  describe(`${name} (AuditStore)`, () => {
    it('hands the tail to the next append and returns the entry as stored', async () => {
      const store = await makeStore();
      const tails: Array<AuditTail | undefined> = [];
      const first = await store.appendLinked((tail) => (tails.push(tail), linked(tail)));
      const second = await store.appendLinked((tail) => (tails.push(tail), linked(tail)));
      expect(tails).toEqual([undefined, { id: 1, hash: 'hash-1' }]);
      expect(second.prevHash).toBe(first.hash);
      expect((await store.page({ limit: 10 })).entries).toEqual([second, first]);
    });

    it('keeps every field, params included, exactly', async () => {
      const store = await makeStore();
      const entry = await store.appendLinked((t) =>
        linked(t, {
          role: null,
          httpStatus: null,
          durationMs: null,
          reason: 'why',
          approvalId: 'a1',
        }),
      );
      expect(await collect(store.scan())).toEqual([entry]);
    });

    it('pages newest first and says where the next page starts', async () => {
      const store = await makeStore();
      await fill(store, 5, () => ({}));
      const first = await store.page({ limit: 2 });
      expect(first.entries.map((e) => e.id)).toEqual([5, 4]);
      expect(first.nextBefore).toBe(4);
      const last = await store.page({ limit: 2, before: 2 });
      expect(last).toMatchObject({ entries: [{ id: 1 }], nextBefore: null });
    });

    it('gives no next page when the last page holds exactly limit entries', async () => {
      const store = await makeStore();
      await fill(store, 4, () => ({}));
      expect(await store.page({ limit: 4 })).toMatchObject({ nextBefore: null });
      const second = await store.page({ limit: 2, before: 3 });
      expect(second.entries.map((e) => e.id)).toEqual([2, 1]);
      expect(second.nextBefore).toBeNull();
      // one more than limit matching does give a next page
      expect((await store.page({ limit: 3 })).nextBefore).toBe(2);
    });

    it.each([
      ['actor', { actor: 'bob' }, [4, 2]],
      ['service', { service: 'billing' }, [5, 4]],
      [
        'time range with offsets',
        { from: '2026-11-27T10:02:00Z', to: '2026-11-27T11:03:00+01:00' },
        [3, 2],
      ],
      ['actor and service together', { actor: 'bob', service: 'billing' }, [4]],
    ])('filters by %s', async (_name, filter, ids) => {
      const store = await makeStore();
      await fill(store, 5, (i) => ({
        actor: i % 2 ? 'bob' : 'alice',
        serviceId: i < 3 ? 'orders' : 'billing',
      }));
      expect((await store.page({ limit: 10, ...filter })).entries.map((e) => e.id)).toEqual(ids);
      expect((await collect(store.scan(filter))).map((e) => e.id)).toEqual([...ids].reverse());
    });

    // 1,203 appends, each its own committed transaction (a chain links one at a time): ~2 s alone
    // on Postgres, past 20 s in npm test on a loaded machine whose Postgres other runs also write to
    it('scans oldest first across more entries than one read holds', async () => {
      const store = await makeStore();
      await fill(store, 1203, () => ({}));
      const ids = (await collect(store.scan())).map((e) => e.id);
      expect(ids).toHaveLength(1203);
      expect(ids.every((id, i) => id === i + 1)).toBe(true);
    }, 120_000);

    it('reads slices, the tail and single entries, and keeps a target when there is one', async () => {
      const store = await makeStore();
      expect(await store.tail()).toBeUndefined();
      await fill(store, 6, (i) => (i === 2 ? { target: 'panel:health' } : {}));
      expect((await store.slice(1, 4, 10)).map((e) => e.id)).toEqual([2, 3, 4]);
      expect((await store.slice(0, 6, 2)).map((e) => e.id)).toEqual([1, 2]);
      expect(await store.tail()).toEqual({ id: 6, hash: 'hash-6' });
      expect(await store.get(3)).toMatchObject({ id: 3, target: 'panel:health' });
      expect(await store.get(2)).not.toHaveProperty('target');
      expect(await store.get(99)).toBeUndefined();
    });

    it('keeps marks, and archives through a boundary in one step', async () => {
      const store = await makeStore();
      await fill(store, 5, () => ({}));
      expect(await store.mark('checkpoint')).toBeUndefined();
      await store.setMark('checkpoint', { id: 2, hash: 'hash-2', mac: 'm2' });
      await store.setMark('checkpoint', { id: 4, hash: 'hash-4', mac: 'm4' });
      expect(await store.mark('checkpoint')).toEqual({ id: 4, hash: 'hash-4', mac: 'm4' });
      expect(await store.archiveThrough({ id: 3, hash: 'hash-3', mac: 'b3' })).toBe(3);
      expect(await store.mark('boundary')).toEqual({ id: 3, hash: 'hash-3', mac: 'b3' });
      expect((await collect(store.scan())).map((e) => e.id)).toEqual([4, 5]);
      // appending goes on after the live tail
      expect((await store.appendLinked((t) => linked(t))).id).toBe(6);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { ServiceDetail, ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { EventBus } from '../events/bus.js';
import type { CheckOwnership, Monitor, OwnershipChange } from '../monitor/types.js';
import { feedStatusChanges } from './status-feed.js';

/** Services down before the gateways started (as read back from the shared store). */
const services: ServiceSummary[] = Array.from({ length: 30 }, (_, i) =>
  makeService(i, { status: 'down', since: '2026-12-06T10:00:00.000Z' }),
);
const monitor: Pick<Monitor, 'getService' | 'listServices'> = {
  listServices: () => services,
  getService: () => undefined,
};

/** A gateway's shard ownership that a test moves by hand. */
function ownershipOf(): CheckOwnership & { set(ids: Iterable<string>): void } {
  let owned = new Set<string>();
  const listeners = new Set<() => void>();
  return {
    owns: (id) => owned.has(id),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(ids) {
      owned = new Set(ids);
      for (const listener of listeners) listener();
    },
  };
}

describe('feedStatusChanges in a cluster', () => {
  it('three gateways starting together: each service observed once, by the owner of its shard', () => {
    const seen: string[][] = [[], [], []];
    const owners = [ownershipOf(), ownershipOf(), ownershipOf()];
    const stops = owners.map((ownership, g) =>
      feedStatusChanges(
        new EventBus(),
        monitor,
        (o) => seen[g]!.push(o.service.id),
        () => [],
        ownership,
      ),
    );
    // nothing owned before the first claim: nobody observes
    expect(seen.flat()).toEqual([]);
    owners.forEach((ownership, g) =>
      ownership.set(services.filter((_, i) => i % 3 === g).map((s) => s.id)),
    );
    expect(seen.flat().sort()).toEqual(services.map((s) => s.id).sort());
    expect(seen.map((s) => s.length)).toEqual([10, 10, 10]);
    // another change (a rebalance that moved nothing of theirs) observes nothing again
    owners[0]!.set(services.filter((_, i) => i % 3 === 0).map((s) => s.id));
    expect(seen[0]).toHaveLength(10);
    for (const stop of stops) stop();
  });

  it('a gateway that takes a service over observes it then (its episode resumes there)', () => {
    const seen: string[] = [];
    const ownership = ownershipOf();
    const stop = feedStatusChanges(
      new EventBus(),
      monitor,
      (o) => seen.push(o.service.id),
      () => [],
      ownership,
    );
    ownership.set(['svc-00000']);
    ownership.set(['svc-00000', 'svc-00001']);
    ownership.set([]);
    ownership.set(['svc-00001']);
    expect(seen).toEqual(['svc-00000', 'svc-00001', 'svc-00001']);
    stop();
    ownership.set(['svc-00002']); // unsubscribed
    expect(seen).toHaveLength(3);
  });

  it('a lease change that names its shards looks at their services only, not the whole list', () => {
    // four shards: the i-th service in shard i % 4; an unknown one (the 31st) in shard 2
    const all = [...services, makeService(40, { status: 'unknown', since: null })];
    const shardOf = (id: string) => all.findIndex((s) => s.id === id) % 4;
    let held = new Set<number>();
    const listeners = new Set<(change?: OwnershipChange) => void>();
    const ownership: CheckOwnership = {
      owns: (id) => held.has(shardOf(id)),
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      servicesIn: (shards) => all.filter((s) => shards.includes(shardOf(s.id))).map((s) => s.id),
    };
    const move = (shards: number[], change: OwnershipChange) => {
      held = new Set(shards);
      for (const listener of listeners) listener(change);
    };
    let lists = 0;
    const looked: string[] = [];
    const seen: string[] = [];
    const stop = feedStatusChanges(
      new EventBus(),
      {
        listServices: () => {
          lists += 1;
          return all;
        },
        getService: (id) => {
          looked.push(id);
          const summary = all.find((s) => s.id === id);
          return summary && ({ ...summary, baseUrl: null } as ServiceDetail);
        },
      },
      (o) => seen.push(o.service.id),
      () => [],
      ownership,
    );
    expect(lists).toBe(1); // at start, owning nothing yet
    const inShard = (shard: number) =>
      all.filter((s) => shardOf(s.id) === shard && s.status !== 'unknown').map((s) => s.id);

    move([0, 1], { gained: [0, 1], lost: [] });
    expect(seen.sort()).toEqual([...inShard(0), ...inShard(1)].sort());
    expect(looked.sort()).toEqual([...inShard(0), ...inShard(1)].sort());
    // shard 2 gained: its services only, the others are not looked at again
    seen.length = 0;
    looked.length = 0;
    move([0, 1, 2], { gained: [2], lost: [] });
    expect(seen).toEqual(inShard(2));
    expect(looked).toEqual([...inShard(2), 'svc-00040']); // looked at, not observed while unknown
    // shard 1 lost, then taken back: observed again (its episode resumes here)
    seen.length = 0;
    move([0, 2], { gained: [], lost: [1] });
    expect(seen).toEqual([]);
    move([0, 1, 2], { gained: [1], lost: [] });
    expect(seen).toEqual(inShard(1));
    expect(lists).toBe(1);
    stop();
  });

  it('a gateway of its own observes every known service once at start', () => {
    const seen: string[] = [];
    const withUnknown = [...services, makeService(99, { status: 'unknown', since: null })];
    feedStatusChanges(new EventBus(), { ...monitor, listServices: () => withUnknown }, (o) =>
      seen.push(o.service.id),
    )();
    expect(seen).toEqual(services.map((s) => s.id));
  });
});

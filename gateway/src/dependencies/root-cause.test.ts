import type { Status } from '@aether/contract';
import { describe, expect, it } from 'vitest';
import { buildDependencyGraph, findCycle, transitiveDependents } from './dependency-graph.js';
import { rootCauseOf, rootCauses, type ServiceHealth } from './root-cause.js';

type Fleet = Record<string, { dependsOn?: string[]; status: Status; checks?: [string, Status][] }>;

function setup(fleet: Fleet) {
  const graph = buildDependencyGraph(
    Object.entries(fleet).map(([id, s]) => ({ id, dependsOn: s.dependsOn })),
  );
  const health = (id: string): ServiceHealth | undefined => {
    const s = fleet[id];
    if (!s) return undefined;
    const checks = (s.checks ?? [['health', s.status]]).map(([cid, status]) => ({
      id: cid,
      status,
    }));
    return { status: s.status, checks };
  };
  return { graph, health };
}

describe('rootCauseOf', () => {
  const cases: { name: string; fleet: Fleet; of: string; expected: string | null }[] = [
    {
      name: 'a chain: the deepest down dependency, through the down one in the middle',
      fleet: {
        web: { dependsOn: ['orders'], status: 'down' },
        orders: { dependsOn: ['db'], status: 'down' },
        db: {
          status: 'down',
          checks: [
            ['port', 'up'],
            ['query', 'down'],
            ['disk', 'down'],
          ],
        },
      },
      of: 'web',
      expected: 'db/query',
    },
    {
      name: 'the middle of the chain has the same root',
      fleet: {
        web: { dependsOn: ['orders'], status: 'down' },
        orders: { dependsOn: ['db'], status: 'down' },
        db: { status: 'down' },
      },
      of: 'orders',
      expected: 'db/health',
    },
    {
      name: 'the root itself has none',
      fleet: { orders: { dependsOn: ['db'], status: 'down' }, db: { status: 'down' } },
      of: 'db',
      expected: null,
    },
    {
      name: 'a dependency that is up: no root cause',
      fleet: { orders: { dependsOn: ['db'], status: 'down' }, db: { status: 'up' } },
      of: 'orders',
      expected: null,
    },
    {
      name: 'a degraded dependency still serves: not a root cause',
      fleet: { orders: { dependsOn: ['db'], status: 'down' }, db: { status: 'degraded' } },
      of: 'orders',
      expected: null,
    },
    {
      name: 'a down service below an up one is not the cause (the chain must be down throughout)',
      fleet: {
        orders: { dependsOn: ['payments'], status: 'down' },
        payments: { dependsOn: ['db'], status: 'up' },
        db: { status: 'down' },
      },
      of: 'orders',
      expected: null,
    },
    {
      name: 'a service that is up has none, even with its dependency down',
      fleet: { orders: { dependsOn: ['db'], status: 'up' }, db: { status: 'down' } },
      of: 'orders',
      expected: null,
    },
    {
      name: 'a diamond: both paths meet at the same root',
      fleet: {
        web: { dependsOn: ['orders', 'payments'], status: 'down' },
        orders: { dependsOn: ['db'], status: 'down' },
        payments: { dependsOn: ['db'], status: 'down' },
        db: { status: 'down' },
      },
      of: 'web',
      expected: 'db/health',
    },
    {
      name: 'several roots: the deepest chain wins',
      fleet: {
        web: { dependsOn: ['cache', 'orders'], status: 'down' },
        cache: { status: 'down' },
        orders: { dependsOn: ['db'], status: 'down' },
        db: { status: 'down' },
      },
      of: 'web',
      expected: 'db/health',
    },
    {
      name: 'several roots of one depth: the one listed first in dependsOn',
      fleet: {
        web: { dependsOn: ['auth', 'cache'], status: 'down' },
        cache: { status: 'down' },
        auth: { status: 'down' },
      },
      of: 'web',
      expected: 'auth/health',
    },
    {
      name: 'an unknown dependency (not configured) is ignored',
      fleet: { web: { dependsOn: ['ghost'], status: 'down' } },
      of: 'web',
      expected: null,
    },
  ];

  it.each(cases)('$name', ({ fleet, of, expected }) => {
    const { graph, health } = setup(fleet);
    const cause = rootCauseOf(graph, of, health);
    expect(cause && `${cause.serviceId}/${cause.checkId}`).toBe(expected);
  });

  it('rootCauses answers for the whole fleet what rootCauseOf answers one by one', () => {
    const { graph, health } = setup(cases[7]!.fleet);
    expect(Object.fromEntries(rootCauses(graph, health))).toEqual({
      web: { serviceId: 'db', checkId: 'health' },
      orders: { serviceId: 'db', checkId: 'health' },
      payments: { serviceId: 'db', checkId: 'health' },
    });
  });

  it('a cycle that slipped past the config check ends the walk instead of looping', () => {
    const { graph, health } = setup({
      a: { dependsOn: ['b'], status: 'down' },
      b: { dependsOn: ['a'], status: 'down' },
    });
    expect(rootCauseOf(graph, 'a', health)).toEqual({ serviceId: 'b', checkId: 'health' });
  });
});

describe('findCycle', () => {
  it.each([
    {
      deps: { orders: ['payments'], payments: ['orders'] },
      cycle: ['orders', 'payments', 'orders'],
    },
    { deps: { a: ['a'] }, cycle: ['a', 'a'] },
    { deps: { x: ['a'], a: ['b'], b: ['c'], c: ['a'] }, cycle: ['a', 'b', 'c', 'a'] },
    {
      deps: { web: ['orders', 'payments'], orders: ['db'], payments: ['db'], db: [] },
      cycle: null,
    },
    { deps: { a: ['ghost'] }, cycle: null },
  ])('$deps → $cycle', ({ deps, cycle }) => {
    const graph = buildDependencyGraph(
      Object.entries(deps).map(([id, dependsOn]) => ({ id, dependsOn })),
    );
    expect(findCycle(graph)).toEqual(cycle);
  });
});

describe('transitiveDependents', () => {
  it('walks up through every level, once per service', () => {
    const graph = buildDependencyGraph([
      { id: 'web', dependsOn: ['orders', 'payments'] },
      { id: 'orders', dependsOn: ['db'] },
      { id: 'payments', dependsOn: ['db'] },
      { id: 'db' },
      { id: 'other' },
    ]);
    expect([...transitiveDependents(graph, 'db')].sort()).toEqual(['orders', 'payments', 'web']);
    expect(transitiveDependents(graph, 'web').size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  makeLargeFleet,
  makeOutageFleet,
  makeServices,
  withDependencies,
} from '@aether/contract/fixtures';
import { buildDependencyIndex, dependencyIndexOf, walk } from './dependency-index';

const fleet = makeOutageFleet();
const index = buildDependencyIndex(fleet);
const ids = (reached: { id: string }[]) => reached.map((r) => r.id);

describe('dependency index', () => {
  it.each([
    ['web', ['orders', 'search'], []],
    ['orders', ['auth', 'payments'], ['web']],
    ['db', [], ['auth', 'payments']],
    ['mailer', [], []],
  ])('%s needs %j and is needed by %j (direct)', (id, needs, neededBy) => {
    expect(index.needs(id)).toEqual(needs);
    expect(index.neededBy(id)).toEqual(neededBy);
  });

  it('walks what a service needs transitively, each once at its shortest depth, with the service it comes through', () => {
    expect(walk('web', index.needs)).toEqual([
      { id: 'orders', depth: 1, via: null },
      { id: 'search', depth: 1, via: null },
      { id: 'auth', depth: 2, via: 'orders' },
      { id: 'payments', depth: 2, via: 'orders' },
      { id: 'cache', depth: 2, via: 'search' },
      { id: 'db', depth: 3, via: 'auth' },
    ]);
  });

  it('walks what needs a service (the reverse edges)', () => {
    expect(ids(walk('db', index.neededBy))).toEqual(['auth', 'payments', 'orders', 'web']);
    expect(walk('cache', index.neededBy).map((r) => [r.id, r.depth])).toEqual([
      ['search', 1],
      ['web', 2],
    ]);
  });

  it('ends on a cycle and leaves out ids the fleet does not have', () => {
    const looped = buildDependencyIndex([
      { id: 'a', dependsOn: ['b', 'ghost'] },
      { id: 'b', dependsOn: ['a'] },
    ]);
    expect(looped.needs('a')).toEqual(['b']);
    expect(ids(walk('a', looped.needs))).toEqual(['b']);
  });

  it('knows whether the gateway reports dependsOn at all', () => {
    expect(index.reported).toBe(true);
    const older = makeServices(3).map((s) => {
      const copy = { ...s };
      delete copy.dependsOn; // an older gateway: service objects without the field
      return copy;
    });
    expect(buildDependencyIndex(older).reported).toBe(false);
    expect(buildDependencyIndex(makeServices(3)).reported).toBe(true);
  });

  it('is built once per members array', () => {
    const members = makeOutageFleet();
    expect(dependencyIndexOf(members)).toBe(dependencyIndexOf(members));
    expect(dependencyIndexOf([...members])).not.toBe(dependencyIndexOf(members));
  });

  it('indexes 10,000 services: a hub with its direct and transitive dependents', () => {
    const large = buildDependencyIndex(withDependencies(makeLargeFleet()));
    // i >= 100 with i % 100 == 0 needs svc-00000 directly: 99 services
    expect(large.neededBy('svc-00000')).toHaveLength(99);
    const reached = walk('svc-00000', large.neededBy);
    expect(new Set(ids(reached)).size).toBe(reached.length);
    // the hubs svc-00100..svc-00999 it is needed by carry their own dependents from svc-01000 on
    expect(reached.some((r) => r.depth === 2)).toBe(true);
    expect(reached.every((r) => r.id !== 'svc-00000' && r.depth >= 1)).toBe(true);
  });
});

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ServiceMaintenance, ServiceSummary } from '@aether/contract';
import { makeServices } from '@aether/contract/fixtures';
import type { Monitor } from '../monitor/types.js';
import { withMaintenance } from './maintenance-view.js';

/** A monitor whose list is an array the test replaces, as the real one rebuilds changed entries. */
function fakeMonitor(services: ServiceSummary[]) {
  const state = { list: services };
  const monitor = {
    running: true,
    listServices: () => state.list,
    getService: (id: string) => state.list.find((s) => s.id === id),
  } as unknown as Monitor;
  return { monitor, state };
}

describe('withMaintenance', () => {
  const [a, b] = makeServices(2).map((s) => ({ ...s, maintenance: null }));
  const window: ServiceMaintenance = {
    id: 'mw-1',
    endsAt: '2026-01-01T01:00:00.000Z',
    reason: 'deploy',
  };

  it('fills maintenance and keeps each entry the same object until it or its window changes', () => {
    const { monitor, state } = fakeMonitor([a!, b!]);
    let inWindow = new Set<string>();
    const view = withMaintenance(monitor, (s) => (inWindow.has(s.id) ? window : null));

    const first = view.monitor.listServices();
    expect(first[0]).toBe(a); // outside a window the monitor's own object is shown
    expect(view.monitor.listServices()).toBe(first);

    inWindow = new Set([a!.id]);
    view.maintenanceMoved();
    const second = view.monitor.listServices();
    expect(second[0]).toEqual({ ...a, maintenance: window });
    expect(second[1]).toBe(b); // unchanged: same object, so caches keep its serialization

    view.maintenanceMoved(); // a boundary of another window: nothing changed for these two
    const third = view.monitor.listServices();
    expect(third[0]).toBe(second[0]);
    expect(third[1]).toBe(b);

    const rebuilt = { ...b!, status: 'down' as const };
    state.list = [a!, rebuilt]; // the monitor patched b's entry into a new list
    const fourth = view.monitor.listServices();
    expect(fourth[1]).toBe(rebuilt);
    expect(fourth[0]).toBe(third[0]); // a's entry, maintenance and all, taken from the last list
    expect(view.monitor.getService(a!.id)?.maintenance).toEqual(window);

    state.list = [rebuilt]; // a removed: the list is wrapped whole again
    expect(view.monitor.listServices()).toEqual([rebuilt]);
  });

  it('keeps no list alive once the monitor has let it go', async () => {
    // a real full GC of this process: --expose-gc set now shows `gc` in contexts made after it
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { monitor, state } = fakeMonitor(
      makeServices(1000).map((s) => ({ ...s, maintenance: null })),
    );
    const view = withMaintenance(monitor, () => null);
    const collected: string[] = [];
    const registry = new FinalizationRegistry<string>((what) => collected.push(what));
    registry.register(view.monitor.listServices(), 'wrapped list');
    registry.register(state.list, 'monitor list');
    state.list = []; // the monitor dropped its list (and the summaries in it)
    for (let turn = 0; turn < 10 && collected.length < 2; turn++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(collected.sort()).toEqual(['monitor list', 'wrapped list']);
    expect(view.monitor.listServices()).toEqual([]);
  });
});

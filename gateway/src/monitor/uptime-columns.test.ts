import { describe, expect, it } from 'vitest';
import type { UptimeCounts } from '../store/types.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createUptimeColumns } from './uptime-columns.js';

const HOUR = 3_600_000;
type Counts = Record<string, UptimeCounts>;

/**
 * A store whose per-window counts the test sets (keyed by the window's length in hours), and
 * columns whose refreshes record the ids they were told.
 */
function setup(options: { chunk?: number; spacingMs?: number } = {}) {
  const clock = new FakeClock();
  const windows: Record<number, Counts> = { 1: {}, 24: {}, 168: {} };
  const store = {
    uptimeByService: (fromMs: number, toMs: number) =>
      Promise.resolve(new Map(Object.entries(windows[(toMs - fromMs) / HOUR] ?? {}))),
  };
  const told: string[][] = [];
  const columns = createUptimeColumns({
    store: store as never,
    clock,
    logger: { error: () => undefined },
    refreshMs: 30_000,
    onRefresh: (ids) => told.push([...ids].sort()),
    ...options,
  });
  /** Sets every window of `id` to `count` results with `failures` failed. */
  const set = (id: string, count: number, failures: number) => {
    for (const w of Object.values(windows)) w[id] = { count, failures };
  };
  const refreshAfter = async (ms = 30_000) => {
    await clock.advance(ms);
    await columns.refresh();
  };
  return { clock, windows, columns, told, set, refreshAfter };
}

describe('uptime columns', () => {
  it('lets the loop run while it takes in a large fleet, and takes it all in', async () => {
    const { columns, told, set } = setup();
    for (let i = 0; i < 10_000; i++) set(`s${i}`, 10, i % 2);
    let turns = 0;
    let done = false;
    const tick = () => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    await columns.refresh();
    done = true;
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(told[0]).toHaveLength(10_000);
    expect(columns.get('s9999')).toEqual({ h1: 0.9, h24: 0.9, d7: 0.9 });
  });

  it('tells a refresh only the services whose values moved', async () => {
    const { columns, told, set, refreshAfter } = setup();
    set('a', 10, 0);
    set('b', 10, 1);
    await columns.refresh();
    expect(told).toEqual([['a', 'b']]); // the first read: everything is new
    expect(columns.get('b')).toEqual({ h1: 0.9, h24: 0.9, d7: 0.9 });

    set('a', 20, 5);
    set('b', 10, 1); // read again, same values
    await refreshAfter();
    expect(told.at(-1)).toEqual(['a']);
    expect(columns.get('a')).toEqual({ h1: 0.75, h24: 0.75, d7: 0.75 });

    await refreshAfter();
    expect(told).toHaveLength(2); // nothing moved: nothing told
  });

  it('tells a service that has left every window, and one that left only the hour', async () => {
    const { columns, windows, told, set, refreshAfter } = setup();
    set('gone', 4, 0);
    set('quiet', 4, 0);
    set('steady', 4, 0);
    await columns.refresh();
    delete windows[1]!.gone;
    delete windows[24]!.gone;
    delete windows[168]!.gone;
    delete windows[1]!.quiet;
    await refreshAfter();
    expect(told.at(-1)).toEqual(['gone', 'quiet']);
    expect(columns.get('gone')).toEqual({ h1: null, h24: null, d7: null });
    expect(columns.get('quiet')).toEqual({ h1: null, h24: 1, d7: 1 });
  });

  it('spreads a fleet-wide change over slices, values current at once, none lost to the next refresh', async () => {
    const { clock, columns, told, set, refreshAfter } = setup({ chunk: 2, spacingMs: 20_000 });
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) set(id, 10, 0);
    await columns.refresh();
    for (const id of ids) set(id, 10, 1);
    await refreshAfter();
    expect(told.slice(1)).toEqual([['a', 'b']]);
    expect(columns.get('e').h1).toBe(0.9); // read by an entry rebuilt for another reason
    await clock.advance(20_000);
    expect(told.slice(1)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);

    // the next refresh finds nothing new for e, yet its entry still shows the old value: told
    set('a', 10, 2);
    await refreshAfter(10_000);
    expect(told.slice(3)).toEqual([['a', 'e']]);
    await clock.advance(60_000);
    expect(told).toHaveLength(4);
  });
});

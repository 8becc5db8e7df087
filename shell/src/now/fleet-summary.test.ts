import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AetherEvent, ApiClient } from '@aether/contract';
import { createEventHub } from '@aether/panel-kit/harness';
import { createFleetSummaryStore, SUMMARY_EVERY_MS } from './fleet-summary';
import type { ShellServices } from '../shell-services';

afterEach(() => {
  vi.useRealTimers();
});

describe('fleet summary', () => {
  it('reads again after status changes, at most once a second while they keep coming', async () => {
    vi.useFakeTimers();
    const events = createEventHub();
    const reads: number[] = [];
    const api = {
      get: () => {
        reads.push(Date.now());
        return Promise.resolve({ revision: reads.length, counts: {}, groups: [] });
      },
    } as unknown as ApiClient;
    const store = createFleetSummaryStore({ api, events } as unknown as ShellServices);
    const stop = store.subscribe(() => undefined);
    const status = { id: '1', type: 'status', data: {} } as AetherEvent;

    // a change every 10 ms for 3 s (each answer comes at once, as on a quiet loopback)
    let lastChangeAt = 0;
    for (let t = 0; t < 3_000; t += 10) {
      lastChangeAt = Date.now();
      events.emit(status);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(SUMMARY_EVERY_MS);
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < reads.length; i++)
      expect(reads[i]! - reads[i - 1]!).toBeGreaterThanOrEqual(SUMMARY_EVERY_MS);
    // the last change is read: no change after the last read began is left unread
    expect(reads.at(-1)!).toBeGreaterThanOrEqual(lastChangeAt);
    expect(store.getState().summary?.revision).toBe(reads.length);
    stop();
  });

  it("makes its first read once the page's first reads are answered, not beside them", async () => {
    const events = createEventHub();
    let reads = 0;
    const api = {
      get: () => {
        reads++;
        return Promise.resolve({ revision: reads, counts: {}, groups: [] });
      },
    } as unknown as ApiClient;
    let answered!: () => void;
    const firstReads = new Promise<void>((resolve) => (answered = resolve));
    const store = createFleetSummaryStore({ api, events, firstReads } as unknown as ShellServices);
    const stop = store.subscribe(() => undefined);
    events.emit({ id: '1', type: 'status', data: {} } as AetherEvent);
    await Promise.resolve();
    expect(reads).toBe(0);
    expect(store.getState().status).toBe('loading');
    answered();
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
    expect(reads).toBe(1); // one read, covering the change before it
    stop();
  });
});

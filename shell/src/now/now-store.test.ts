import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import type { AetherEvent, ApiClient, ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { createEventHub } from '@aether/panel-kit/harness';
import { createNowStore, REGROUP_MS } from './now-store';

function setup(failing: ServiceSummary[]) {
  const events = createEventHub();
  const answers: Record<string, unknown> = {
    '/api/services?status=down,degraded': failing,
    '/api/audit?limit=200': { entries: [], nextBefore: null },
  };
  const api = {
    get: async (path: string) => {
      if (path in answers) return answers[path];
      if (path.startsWith('/api/services/')) throw new Error('not read in this test');
      return [];
    },
  } as unknown as ApiClient;
  const store = createNowStore({ api, events });
  const status = (service: ServiceSummary) =>
    events.emit({
      id: '1',
      type: 'status',
      data: {
        serviceId: service.id,
        checkId: 'http',
        status: service.status,
        previous: 'up',
        since: service.since ?? new Date().toISOString(),
        service,
      },
    } as AetherEvent);
  return { store, status };
}

describe('now store', () => {
  it('never changes the problems it handed out, and hands out a burst of changes at once', async () => {
    const fleet = Array.from({ length: 6 }, (_, i) => makeService(i, { status: 'down' }));
    const { store, status } = setup(fleet.slice(0, 3));
    store.start();
    await waitFor(() => expect(store.getState().status).toBe('ready'));
    const read = store.getState().problems;
    expect([...read.keys()]).toEqual(fleet.slice(0, 3).map((s) => s.id));
    // the problems each telling of the listeners hands out (other reads may tell them too)
    const handedOut = new Set<ReadonlyMap<string, ServiceSummary>>();
    store.subscribe(() => handedOut.add(store.getState().problems));

    // three changes in a row: handed out together, once
    status(fleet[3]!);
    status(fleet[4]!);
    status({ ...fleet[0]!, status: 'up' });
    expect([...read.keys()]).toEqual(fleet.slice(0, 3).map((s) => s.id)); // untouched
    // the hand-out is the telling of the listeners (a frame after the state changes), up to
    // REGROUP_MS after the last one: wait for it, longer than waitFor's 1 s default
    const handOut = { timeout: 3 * REGROUP_MS };
    await waitFor(() => expect([...handedOut].filter((m) => m !== read)).not.toEqual([]), handOut);
    const next = store.getState().problems;
    expect([...next.keys()].sort()).toEqual(
      [fleet[1], fleet[2], fleet[3], fleet[4]].map((s) => s!.id).sort(),
    );
    expect(store.getState().cards.map((c) => c.key)).toEqual(
      [fleet[1], fleet[2], fleet[3], fleet[4]].map((s) => `service:${s!.id}`),
    );
    expect(read.size).toBe(3);
    expect([...handedOut].filter((m) => m !== read)).toEqual([next]);

    status(fleet[5]!); // after a hand-out: the one handed out stays as it was
    expect(next.has(fleet[5]!.id)).toBe(false);
    await waitFor(() => expect(store.getState().problems.has(fleet[5]!.id)).toBe(true), handOut);
    expect(next.has(fleet[5]!.id)).toBe(false);
    store.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import type { AetherEvent, ApiClient, PanelEvents, ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { createNowStore } from './now-store';

function setup(failing: ServiceSummary[]) {
  let listener: (event: AetherEvent) => void = () => undefined;
  const events = {
    connection: 'live',
    lastEventAt: null,
    subscribe: (_types: unknown, l: (event: AetherEvent) => void) => {
      listener = l;
      return () => undefined;
    },
    onConnectionChange: () => () => undefined,
  } as unknown as PanelEvents;
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
    listener({
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
  it('never changes the problems it handed out, however many status events follow a read', async () => {
    const fleet = Array.from({ length: 6 }, (_, i) => makeService(i, { status: 'down' }));
    const { store, status } = setup(fleet.slice(0, 3));
    store.start();
    await waitFor(() => expect(store.getState().status).toBe('ready'));
    const read = store.getState().problems;
    expect([...read.keys()]).toEqual(fleet.slice(0, 3).map((s) => s.id));

    // three changes with no read in between (the store may change its own unread copy in place)
    status(fleet[3]!);
    status(fleet[4]!);
    status({ ...fleet[0]!, status: 'up' });
    expect([...read.keys()]).toEqual(fleet.slice(0, 3).map((s) => s.id)); // untouched
    const next = store.getState().problems;
    expect([...next.keys()].sort()).toEqual(
      [fleet[1], fleet[2], fleet[3], fleet[4]].map((s) => s!.id).sort(),
    );

    status(fleet[5]!); // after a read: a copy again, the read one stays as it was
    expect(next.has(fleet[5]!.id)).toBe(false);
    expect(store.getState().problems.has(fleet[5]!.id)).toBe(true);
    store.stop();
  });
});

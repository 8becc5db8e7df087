import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { AetherEvent, ServiceSummary, Status } from '@aether/contract';
import { makeResult, makeServices } from '@aether/contract/fixtures';
import { createServicesStore } from '../store/services-store';
import { ServicesDataContext, type ServicesData } from '../store/services-store-context';
import {
  ATTENTION_KEY,
  buildListItems,
  DEFAULT_QUERY,
  sortByName,
  type ListQuery,
} from '../list-query';
import { useListItems } from './use-list-items';

function setup(query: ListQuery) {
  const store = createServicesStore();
  let fleet = makeServices(200);
  store.replaceAll(fleet);
  // useListItems reads only the store; the feed and row histories belong to other tests.
  const data = { store } as ServicesData;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ServicesDataContext.Provider value={data}>{children}</ServicesDataContext.Provider>
  );
  const hook = renderHook((q: ListQuery) => useListItems(q), { wrapper, initialProps: query });

  let seed = 11;
  const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
  const statuses: Status[] = ['up', 'down', 'degraded', 'unknown'];
  /** A frame's worth of real-looking events: status changes (of `pick`'s services), each with its result. */
  const frame = (
    changes: number,
    over: Partial<ServiceSummary> = {},
    pick = () => random(fleet.length),
  ) => {
    const events: AetherEvent[] = [];
    for (let k = 0; k < changes; k++) {
      const i = pick();
      const prev = fleet[i]!;
      const status = statuses[random(4)]!;
      const next = {
        ...prev,
        status,
        lastLatencyMs: random(900),
        uptime: { ...prev.uptime, h24: random(1000) / 1000 },
        ...over,
      };
      fleet = fleet.map((s, j) => (j === i ? next : s));
      events.push({
        id: null,
        type: 'status',
        data: {
          serviceId: next.id,
          checkId: 'health',
          status,
          previous: prev.status,
          since: '2026-11-27T12:00:05.000Z',
          service: next,
        },
      });
      events.push({
        id: null,
        type: 'result',
        data: makeResult(next.id, 'health', status === 'up', { durationMs: next.lastLatencyMs! }),
      });
    }
    act(() => store.applyEvents(events));
  };
  /** The list as it would be built from scratch from the fleet we sent. */
  const expected = (q: ListQuery) => buildListItems(sortByName(fleet), q);
  return { hook, store, frame, expected };
}

describe('useListItems', () => {
  it.each<Partial<ListQuery>>([
    {},
    { status: 'down' },
    { status: 'degraded', sort: 'name' },
    { group: 'payments' },
    { tag: 'critical' },
    { q: 'service 1' },
    { sort: 'name' },
    { sort: 'latency' },
    { sort: 'uptime' },
  ])('matches a full rebuild of %j after many frames of changes', (over) => {
    const query = { ...DEFAULT_QUERY, ...over };
    const { hook, frame, expected } = setup(query);
    for (let i = 0; i < 40; i++) {
      frame(17);
      expect(hook.result.current).toEqual(expected(query));
    }
  });

  it('follows membership changes: a group appears, and goes when its last service leaves', () => {
    const { hook, frame, expected } = setup(DEFAULT_QUERY);
    const groups = () =>
      hook.result.current.flatMap((i) =>
        i.kind === 'group' && i.key !== ATTENTION_KEY ? [i.group] : [],
      );
    frame(2, { group: 'aaa-new' }, () => 42);
    expect(groups()).toEqual(['aaa-new', 'commerce', 'identity', 'payments', 'platform', 'search']);
    expect(hook.result.current).toEqual(expected(DEFAULT_QUERY));
    frame(17);
    expect(hook.result.current).toEqual(expected(DEFAULT_QUERY));

    frame(1, { group: 'commerce' }, () => 42);
    expect(groups()).toEqual(['commerce', 'identity', 'payments', 'platform', 'search']);
    expect(hook.result.current).toEqual(expected(DEFAULT_QUERY));
  });

  it('switches between the kept default list and rebuilt views without losing changes', () => {
    const { hook, frame, expected } = setup(DEFAULT_QUERY);
    const views: ListQuery[] = [
      { ...DEFAULT_QUERY, status: 'down' },
      DEFAULT_QUERY,
      { ...DEFAULT_QUERY, sort: 'name' },
      DEFAULT_QUERY,
    ];
    for (const view of views) {
      frame(17);
      hook.rerender(view);
      expect(hook.result.current).toEqual(expected(view));
      frame(17);
      expect(hook.result.current).toEqual(expected(view));
    }
  });

  it('keeps the same array in the default view when a frame brings only results', () => {
    const { hook, store } = setup(DEFAULT_QUERY);
    const before = hook.result.current;
    act(() =>
      store.applyEvents([
        {
          id: null,
          type: 'result',
          data: makeResult('svc-00003', 'health', false, { durationMs: 5 }),
        },
      ]),
    );
    expect(hook.result.current).toBe(before);
  });
});

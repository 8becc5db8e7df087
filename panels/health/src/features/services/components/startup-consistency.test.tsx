import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { AetherEvent, ServiceSummary, Status } from '@aether/contract';
import { servicesHandlers } from '@aether/contract/msw';
import { makeResult, makeService, makeStatusEvent } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { manualFrames, renderPanel } from '../../../testing/render-panel';

const T0 = '2026-11-27T12:00:00.000Z';
const T1 = '2026-11-27T12:00:01.000Z';
const T2 = '2026-11-27T12:00:02.000Z';

/** A freshly started gateway: nothing has run yet, every check is unknown. */
function fresh(i: number, checkIds: string[]): ServiceSummary {
  return makeService(i, {
    group: 'core',
    status: 'unknown',
    since: null,
    lastLatencyMs: null,
    lastCheckedAt: null,
    uptime: { h1: null, h24: null, d7: null },
    checks: checkIds.map((id) => ({
      id,
      type: 'http' as const,
      status: 'unknown' as const,
      since: null,
    })),
  });
}
// Like the demo fleet: a service with two checks and one with a single check.
const TWO_CHECKS = fresh(0, ['health', 'port']);
const ONE_CHECK = fresh(1, ['health']);
const IDLE = fresh(2, ['health']);
const FLEET = [TWO_CHECKS, ONE_CHECK, IDLE];

const snapshot: AetherEvent = { id: '1', type: 'snapshot', data: { services: FLEET, at: T0 } };
const result = (
  service: ServiceSummary,
  checkId: string,
  durationMs: number,
  at: string,
): AetherEvent => ({
  id: null,
  type: 'result',
  data: makeResult(service.id, checkId, true, { durationMs, timestamp: at }),
});
/** What the gateway publishes right after a result that makes the worst check of a service up. */
function nowUp(
  service: ServiceSummary,
  checkId: string,
  durationMs: number,
  at: string,
): AetherEvent {
  const up = {
    ...service,
    status: 'up' as const,
    since: at,
    lastLatencyMs: durationMs,
    lastCheckedAt: at,
    checks: service.checks.map((c) => ({ ...c, status: 'up' as const, since: at })),
  };
  return makeStatusEvent(up, 'unknown', checkId);
}

/**
 * The gateway's order: `snapshot` on connect, then per check run a `result` and, when the service's
 * status changes, a `status`. A service is its worst check and unknown outranks up, so the
 * two-check service stays unknown (with a latency) until its second check has run.
 */
const FIRST_RUNS: AetherEvent[] = [
  snapshot,
  result(TWO_CHECKS, 'health', 31, T1),
  result(ONE_CHECK, 'health', 44, T1),
  nowUp(ONE_CHECK, 'health', 44, T1),
];
const SECOND_CHECK = [result(TWO_CHECKS, 'port', 2, T2), nowUp(TWO_CHECKS, 'port', 2, T2)];

const row = (id: string) =>
  screen
    .getByRole('list', { name: 'Services' })
    .querySelector<HTMLElement>(`[data-service-id="${id}"]`)!;
const summary = () => screen.getByRole('status', { name: 'Fleet summary' });

function expectRows(expected: Record<string, { status: Status; latency: string }>) {
  for (const [id, { status, latency }] of Object.entries(expected)) {
    expect(row(id)).toHaveAttribute('data-status', status);
    expect(row(id).querySelector('.hp-row__latency')).toHaveTextContent(latency);
  }
  const counts = { up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const { status } of Object.values(expected)) counts[status]++;
  for (const [status, n] of Object.entries(counts)) {
    expect(summary().querySelector(`li[data-status="${status}"]`)).toHaveTextContent(
      `${n} ${status}`,
    );
  }
}

type Driver = {
  emit: (events: AetherEvent[]) => void;
  emitFramePerEvent: (events: AetherEvent[]) => void;
  finishLoad: () => Promise<void>;
};

describe('right after the stack starts', () => {
  const cases: { when: string; firstRuns: (d: Driver) => Promise<void> }[] = [
    {
      when: 'the first runs arrive after the list, in one frame',
      firstRuns: async (d) => (await d.finishLoad(), d.emit(FIRST_RUNS)),
    },
    {
      when: 'the first runs arrive after the list, a frame each',
      firstRuns: async (d) => (await d.finishLoad(), d.emitFramePerEvent(FIRST_RUNS)),
    },
    {
      when: 'the first runs arrive while the list is loading',
      firstRuns: async (d) => (d.emitFramePerEvent(FIRST_RUNS), await d.finishLoad()),
    },
    {
      when: 'only the snapshot arrives while the list is loading',
      firstRuns: async (d) => {
        d.emit([snapshot]);
        await d.finishLoad();
        d.emitFramePerEvent(FIRST_RUNS.slice(1));
      },
    },
  ];

  it.each(cases)('rows and the summary agree when $when', async ({ firstRuns }) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get(`${GATEWAY}/api/services`, async () => (await gate, HttpResponse.json(FLEET))),
      ...servicesHandlers({ baseUrl: GATEWAY, services: FLEET }),
    );
    const frames = manualFrames();
    const { events } = renderPanel({ schedule: frames.schedule });
    await screen.findByRole('status', { name: 'Loading services' });
    const emit = (list: AetherEvent[]) => {
      list.forEach((e) => events.emit(e));
      frames.flush();
    };
    await firstRuns({
      emit,
      emitFramePerEvent: (list) => list.forEach((e) => emit([e])),
      finishLoad: async () => {
        release();
        await screen.findByRole('list', { name: 'Services' });
      },
    });

    // Unknown with a latency is the truth for the two-check service: its second check has not run.
    expectRows({
      [TWO_CHECKS.id]: { status: 'unknown', latency: '31 ms' },
      [ONE_CHECK.id]: { status: 'up', latency: '44 ms' },
      [IDLE.id]: { status: 'unknown', latency: '—' },
    });

    emit(SECOND_CHECK);
    expectRows({
      [TWO_CHECKS.id]: { status: 'up', latency: '2.0 ms' },
      [ONE_CHECK.id]: { status: 'up', latency: '44 ms' },
      [IDLE.id]: { status: 'unknown', latency: '—' },
    });
  });
});

it('a later snapshot (the stream reconnected) reaches the rows already on screen', async () => {
  server.use(...servicesHandlers({ baseUrl: GATEWAY, services: FLEET }));
  const frames = manualFrames();
  const { events } = renderPanel({ schedule: frames.schedule });
  await screen.findByRole('list', { name: 'Services' });
  expectRows({
    [TWO_CHECKS.id]: { status: 'unknown', latency: '—' },
    [ONE_CHECK.id]: { status: 'unknown', latency: '—' },
    [IDLE.id]: { status: 'unknown', latency: '—' },
  });

  const upNow = (nowUp(ONE_CHECK, 'health', 44, T1) as Extract<AetherEvent, { type: 'status' }>)
    .data.service;
  events.emit({ id: '9', type: 'snapshot', data: { services: [TWO_CHECKS, upNow, IDLE], at: T1 } });
  frames.flush();

  expectRows({
    [TWO_CHECKS.id]: { status: 'unknown', latency: '—' },
    [ONE_CHECK.id]: { status: 'up', latency: '44 ms' },
    [IDLE.id]: { status: 'unknown', latency: '—' },
  });
});

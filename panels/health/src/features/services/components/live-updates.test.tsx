import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { AetherEvent, ServiceSummary } from '@aether/contract';
import { servicesHandlers } from '@aether/contract/msw';
import {
  makeLargeFleet,
  makeResult,
  makeService,
  makeServices,
  makeStatusEvent,
  LARGE_FLEET_SIZE,
} from '@aether/contract/fixtures';
import { GATEWAY, server, requests } from '../../../testing/server';
import { manualFrames, renderPanel } from '../../../testing/render-panel';

function statusChange(service: ServiceSummary, status: ServiceSummary['status']): AetherEvent {
  const since = '2026-11-27T12:00:30.000Z';
  const next = {
    ...service,
    status,
    since,
    checks: service.checks.map((c) => ({ ...c, status, since })),
  };
  return makeStatusEvent(next, service.status);
}

const row = (id: string) =>
  screen
    .getByRole('list', { name: 'Services' })
    .querySelector<HTMLElement>(`[data-service-id="${id}"]`)!;

describe('live updates', () => {
  it('re-renders only the row whose status changed, once per animation frame', async () => {
    const fleet = makeServices(30);
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet }));
    const frames = manualFrames();
    const renders = new Map<string, number>();
    const { events } = renderPanel({
      path: '/?sort=name',
      schedule: frames.schedule,
      onRowRender: (id) => renders.set(id, (renders.get(id) ?? 0) + 1),
    });
    await screen.findByRole('list', { name: 'Services' });
    const target = fleet[1]!;
    // Count from a quiet start: wait until every rendered row's 24 h history has arrived (its
    // uptime bar then names its periods), so no late history answer re-renders a row below.
    await waitFor(() => {
      const bars = within(screen.getByRole('list', { name: 'Services' })).getAllByRole('img', {
        name: /24 hour uptime/,
      });
      expect(bars.length).toBeGreaterThan(5);
      for (const bar of bars) expect(bar).toHaveAccessibleName(/periods with failures/);
    });
    const visible = [...renders.keys()];
    expect(visible.length).toBeGreaterThan(5);
    renders.clear();

    events.emit(statusChange(target, 'down'));
    events.emit({
      id: null,
      type: 'result',
      data: makeResult(target.id, 'health', false, { durationMs: 1999 }),
    });
    expect(row(target.id)).toHaveAttribute('data-status', 'up');
    expect(frames.pending()).toBe(1);

    frames.flush();

    expect(row(target.id)).toHaveAttribute('data-status', 'down');
    expect(within(row(target.id)).getByText('Down')).toBeInTheDocument();
    expect(row(target.id).className).toMatch(/hp-row--pulse-/);
    expect(within(row(target.id)).getByText('2.00 s')).toBeInTheDocument();
    expect([...renders.keys()]).toEqual([target.id]);
    expect(renders.get(target.id)).toBe(1);
    expect(screen.getByRole('status', { name: 'Fleet summary' })).toHaveTextContent('4 down');
  });

  it('moves a row when its new status changes the order, without polling the gateway', async () => {
    const fleet = makeServices(10);
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet }));
    const frames = manualFrames();
    const { events } = renderPanel({ path: '/?group=commerce', schedule: frames.schedule });
    await screen.findByRole('list', { name: 'Services' });
    const ids = () =>
      [
        ...screen
          .getByRole('list', { name: 'Services' })
          .querySelectorAll<HTMLElement>('[data-service-id]'),
      ].map((r) => r.dataset.serviceId);
    expect(ids()).toEqual(['svc-00000', 'svc-00005']);
    const gets = requests.filter((u) => u.pathname === '/api/services').length;

    events.emit(statusChange(fleet[5]!, 'down'));
    frames.flush();

    expect(ids()).toEqual(['svc-00005', 'svc-00000']);
    expect(requests.filter((u) => u.pathname === '/api/services')).toHaveLength(gets);
  });

  it('applies events that arrive while the first list is loading, after it', async () => {
    const fleet = makeServices(10);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { http, HttpResponse } = await import('msw');
    server.use(
      http.get(`${GATEWAY}/api/services`, async () => (await gate, HttpResponse.json(fleet))),
      ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    );
    const frames = manualFrames();
    const { events } = renderPanel({ schedule: frames.schedule });
    await screen.findByRole('status', { name: 'Loading services' });
    events.emit(statusChange(makeService(0), 'down'));
    frames.flush();
    release();
    await screen.findByRole('list', { name: 'Services' });
    expect(row('svc-00000')).toHaveAttribute('data-status', 'down');
  });
});

describe('scale', () => {
  it(`renders a fleet of ${LARGE_FLEET_SIZE} services with only a window of rows in the page`, async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: makeLargeFleet() }));
    renderPanel();
    const list = await screen.findByRole('list', { name: 'Services' }, { timeout: 5000 });
    await waitFor(() => expect(list).toHaveAttribute('aria-busy', 'false'));
    expect(screen.getByText(`${LARGE_FLEET_SIZE} services`)).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Fleet summary' })).toHaveTextContent('7000 up');
    const rendered = list.querySelectorAll('[role="listitem"]');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]).toHaveAttribute('aria-setsize', String(LARGE_FLEET_SIZE + 6)); // 5 groups and "Needs attention";
  });
});

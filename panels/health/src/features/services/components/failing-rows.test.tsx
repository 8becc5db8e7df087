import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import type { ServiceDetail, ServiceSummary } from '@aether/contract';
import { servicesHandlers } from '@aether/contract/msw';
import { detailFromSummary, makeResult, makeService } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';

const check = (id: string, status: ServiceSummary['status']) => ({
  id,
  type: 'http' as const,
  status,
  since: '2026-11-27T11:00:00.000Z',
});

// Down in the alphabetically last group, with a healthy check whose latency is the service's last.
const ZETA = makeService(1, {
  id: 'zeta',
  name: 'Zeta API',
  group: 'zz-last',
  status: 'down',
  lastLatencyMs: 3,
  checks: [check('health', 'up'), check('api', 'down')],
});
const FLEET = [
  ...Array.from({ length: 30 }, (_, i) => makeService(i + 10, { group: 'alpha', status: 'up' })),
  ZETA,
];
const apiFailure = makeResult('zeta', 'api', false, {
  durationMs: 1234,
  conditions: [
    { condition: 'status', expected: '200', actual: '503', ok: false, severity: 'fail' },
  ],
});

function detailOf(service: ServiceSummary): ServiceDetail {
  const base = detailFromSummary(service, 0).checks[0]!;
  return {
    ...detailFromSummary(service, 0),
    checks: service.checks.map((c) => ({
      ...base,
      ...c,
      lastResult: c.id === 'api' ? apiFailure : makeResult('zeta', c.id, true, { durationMs: 3 }),
    })),
  };
}

const rowOf = (name: string) => screen.getByRole('listitem', { name: new RegExp(`^${name},`) });

describe('failing services', () => {
  it('pins a Down service of the last group on top, saying which check fails, why, and its latency', async () => {
    server.use(
      ...servicesHandlers({ baseUrl: GATEWAY, services: FLEET, details: { zeta: detailOf(ZETA) } }),
    );
    renderPanel();
    const row = await screen.findByRole('listitem', {
      name: /^Zeta API, Down, api failing: status: expected 200, got 503, latency 1\.23 s/,
    });
    const list = screen.getByRole('list', { name: 'Services' });
    const items = within(list).getAllByRole('listitem');
    expect(within(items[0]!).getByRole('heading', { name: 'Needs attention' })).toBeInTheDocument();
    expect(items[1]).toBe(row);
    expect(within(row).getByText(/zz-last ·/)).toBeInTheDocument();
    expect(within(row).queryByText('3 ms')).not.toBeInTheDocument();
  });

  it('follows the live result of the failing check', async () => {
    server.use(
      ...servicesHandlers({ baseUrl: GATEWAY, services: FLEET, details: { zeta: detailOf(ZETA) } }),
    );
    const { events } = renderPanel();
    await screen.findByRole('listitem', { name: /^Zeta API, Down, api failing: status/ });
    act(() =>
      events.emit({
        id: null,
        type: 'result',
        data: makeResult('zeta', 'api', false, {
          durationMs: 2000,
          conditions: [],
          errors: [{ kind: 'timeout', message: 'no answer in 2 s' }],
        }),
      }),
    );
    expect(
      await screen.findByRole('listitem', {
        name: /^Zeta API, Down, api failing: timeout: no answer in 2 s, latency 2\.00 s/,
      }),
    ).toBe(rowOf('Zeta API'));
  });
});

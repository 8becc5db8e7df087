import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { alertsHandlers, servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { makeResult, makeServices, makeVerifyResponse } from '@aether/contract/fixtures';
import type { VerifyRequest } from '@aether/contract';
import { GATEWAY, server } from '../../../testing/server';
import { OPERATOR, renderPanel, VIEWER } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(10);

/** A verify endpoint the test releases by hand, recording what it was asked. */
function gatedVerify() {
  const bodies: VerifyRequest[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.post(`${GATEWAY}/api/verify`, async ({ request }) => {
      const body = (await request.json()) as VerifyRequest;
      bodies.push(body);
      await gate;
      return HttpResponse.json(makeVerifyResponse(fleet, body));
    }),
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...alertsHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
  );
  return { bodies, release };
}

describe('verify now', () => {
  it('is offered to operators only', async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet }));
    const { context } = renderPanel({ user: VIEWER });
    await screen.findByRole('list', { name: 'Services' });
    expect(screen.queryByRole('button', { name: 'Verify now' })).not.toBeInTheDocument();
    context.setUser(OPERATOR);
    expect(await screen.findByRole('button', { name: 'Verify now' })).toBeEnabled();
  });

  it('verifies a tag with progress, then results condition by condition, failing first', async () => {
    const { bodies, release } = gatedVerify();
    const { events } = renderPanel({ user: OPERATOR });
    await screen.findByRole('list', { name: 'Services' });
    const verify = screen.getByRole('region', { name: 'Verify now' });
    await userEvent.selectOptions(within(verify).getByLabelText('Verify'), 'critical');
    await userEvent.click(within(verify).getByRole('button', { name: 'Verify now' }));

    // critical: svc-00000, 3, 6, 9 — one check each in the list.
    const progress = await within(verify).findByRole('progressbar', {
      name: 'Verifying tag critical',
    });
    expect(progress).toHaveAttribute('max', '4');
    expect(within(verify).getByRole('button', { name: 'Verifying…' })).toBeDisabled();
    expect(bodies).toEqual([{ tags: ['critical'] }]);

    events.emit({ id: null, type: 'result', data: makeResult('svc-00003', 'health', true) });
    events.emit({ id: null, type: 'result', data: makeResult('svc-00001', 'health', true) }); // not in scope
    await waitFor(() => expect(progress).toHaveAttribute('value', '1'));
    expect(within(verify).getByText(/1 of 4 done/)).toBeInTheDocument();

    release();
    const verdict = await within(verify).findByText(/checks passed|checks failed/);
    // svc-00006 is degraded, svc-00009 unknown; every fixture result here succeeds.
    expect(verdict).toHaveTextContent('All 8 checks passed (1 degraded)');
    const first = within(verify).getAllByRole('table')[0]!;
    expect(first).toHaveAccessibleName('Conditions of svc-00006 / health');
    expect(within(first).getAllByRole('row')[1]).toHaveTextContent(
      /Over budget.*maxLatency.*≤ 500ms.*740ms/,
    );
    expect(within(verify).getByText('7 passed')).toBeInTheDocument();
  });

  it('verifies one service from its detail and shows the failing conditions', async () => {
    const { bodies, release } = gatedVerify();
    renderPanel({ user: OPERATOR, path: '/services/svc-00007' });
    await screen.findByRole('heading', { level: 2, name: 'Service 7' });
    await userEvent.click(screen.getByRole('button', { name: 'Verify now' }));
    expect(
      await screen.findByRole('progressbar', { name: 'Verifying service svc-00007' }),
    ).toHaveAttribute('max', '1');
    release();
    expect(await screen.findByText('✗ 1 of 2 checks failed.')).toBeInTheDocument();
    expect(bodies).toEqual([{ services: ['svc-00007'] }]);
    const table = screen.getByRole('table', { name: 'Conditions of svc-00007 / health' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      /Failed.*status.*one of \[200\].*500/,
    );
  });

  it('verifies everything and reports a refusal calmly', async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet, role: 'viewer' }));
    renderPanel({ user: OPERATOR });
    await screen.findByRole('list', { name: 'Services' });
    await userEvent.click(screen.getByRole('button', { name: 'Verify now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Verify needs the operator role.');
  });
});

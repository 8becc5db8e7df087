import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { makeServices } from '@aether/contract/fixtures';
import { fleetHandlers, server } from '../../../testing/server';
import { historyAnswer, unprobed } from '../../../testing/history-answer';
import { renderPanel } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(12);
beforeEach(() => {
  server.use(...fleetHandlers(fleet));
});

describe('history over a gap in monitoring', () => {
  it('says when nothing was probed: the gateway stopped for 82 minutes is unknown, not up', async () => {
    let gapFrom = '';
    server.use(
      historyAnswer({
        serviceId: 'svc-00000',
        stepMs: 15 * 60_000,
        // as the gateway answers a stop from 4 h ago to 82 min later: steps without results
        point: (p, _, { toMs }) => {
          const stopped = toMs - 4 * 3_600_000;
          const t = Date.parse(p.t);
          if (t < stopped || t >= stopped + 82 * 60_000) return p;
          gapFrom ||= p.t;
          return unprobed(p);
        },
      }),
    );
    renderPanel({ path: '/services/svc-00000' });
    const note = await screen.findByText(/^Not monitored/);
    expect(note).toHaveTextContent(/the gateway did not probe then/);
    expect(note).toHaveTextContent(/unknown, neither up nor down, and not in the uptime/);
    expect(gapFrom).not.toBe('');
  });

  it('says nothing when every step has results', async () => {
    renderPanel({ path: '/services/svc-00000' });
    await screen.findByRole('img', { name: /Range 24h, step 15 min/ });
    expect(screen.queryByText(/^Not monitored/)).not.toBeInTheDocument();
  });
});

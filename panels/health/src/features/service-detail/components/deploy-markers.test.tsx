import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Deploy } from '@aether/contract';
import {
  alertsHandlers,
  deploysHandlers,
  servicesHandlers,
  slosHandlers,
} from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { charts } from '../../../testing/fake-uplot';
import { renderPanel } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(12);
// The chart asks for the 24 h ending now (the real clock), so the deploys are placed from it.
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const deploy = (id: string, version: string, at: string, outcome: Deploy['outcome']): Deploy => ({
  id,
  services: ['svc-00007'],
  version,
  description: null,
  by: 'ci-bot',
  startedAt: at,
  finishedAt: outcome ? at : null,
  finishedBy: outcome ? 'ci-bot' : null,
  outcome,
});

beforeEach(() => {
  charts.length = 0;
  const deploys = [
    deploy('dep-2', '1.9.0', minutesAgo(10), null),
    deploy('dep-1', '1.8.0', minutesAgo(40), 'rolled-back'),
    deploy('dep-0', '1.7.0', minutesAgo(3 * 24 * 60), 'succeeded'), // outside the 24 h range
  ];
  server.use(
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet, deploys }),
    ...deploysHandlers({ baseUrl: GATEWAY, services: fleet, deploys }),
    ...alertsHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
  );
});

describe('deploy markers on the history chart', () => {
  it('marks each deploy of the range with its version and outcome, opening its page', async () => {
    const user = userEvent.setup();
    const { navigation } = renderPanel({ path: '/services/svc-00007?range=24h' });
    const markers = await screen.findByRole('list', { name: 'Deploys in this range' });
    const links = within(markers).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Deploy 1.8.0', 'Deploy 1.9.0']);
    expect(links[0]).toHaveAccessibleDescription(/^1\.8\.0 · rolled-back · /);
    expect(links[1]).toHaveAccessibleDescription(/^1\.9\.0 · running · /);
    // Placed by time: 40 and 10 minutes before now, near the end of a 24 h range (aligned to 15 min).
    const at = links.map((a) => Number(a.parentElement!.style.getPropertyValue('--hp-at')));
    expect(at[0]).toBeGreaterThan(1 - 55 / 1440);
    expect(at[0]).toBeLessThan(at[1]!);
    expect(at[1]).toBeLessThan(1);

    await user.click(links[1]!);
    expect(navigation.path).toBe('/deploys/dep-2');
  });
});

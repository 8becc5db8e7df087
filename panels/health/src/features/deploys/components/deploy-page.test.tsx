import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { Deploy, DeployComparison } from '@aether/contract';
import { deploysHandlers, problem, servicesHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, requests, server } from '../../../testing/server';
import { renderPanel, VIEWER } from '../../../testing/render-panel';
import { formatDateTime } from '../../../lib/format';
import type * as FigureDeltaModule from './figure-delta';

/** Figures drawn (each row draws three): how many rows a new answer drew again. */
const deltaRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./figure-delta', async (importActual) => {
  const actual = await importActual<typeof FigureDeltaModule>();
  return {
    FigureDeltaView: (props: Parameters<typeof actual.FigureDeltaView>[0]) => {
      deltaRenders.count++;
      return actual.FigureDeltaView(props);
    },
  };
});

const fleet = makeServices(6);
const deploy: Deploy = {
  id: 'dep-7',
  services: ['svc-00001'],
  version: '2.4.0',
  description: 'new pricing',
  by: 'ci-bot',
  startedAt: '2026-11-27T11:50:00.000Z',
  finishedAt: null,
  finishedBy: null,
  outcome: null,
};
const window = (from: string, to: string) => ({
  from,
  to,
  total: 90,
  good: 90,
  p50: 2,
  p95: 3,
  failing: [],
});
const before = window('2026-11-27T11:35:00.000Z', '2026-11-27T11:50:00.000Z');
const after = window('2026-11-27T11:50:00.000Z', '2026-11-27T12:00:00.000Z');

const comparison: DeployComparison = {
  deploy,
  verdict: 'worse',
  checks: [
    {
      serviceId: 'svc-00001',
      checkId: 'db-port',
      before,
      after,
      verdict: 'same',
      comparable: true,
      reasons: [],
    },
    {
      serviceId: 'svc-00001',
      checkId: 'health',
      before,
      after: { ...after, total: 60, good: 45, p50: 12, p95: 41, failing: ['json $.status'] },
      verdict: 'worse',
      comparable: true,
      reasons: ['success 100% → 75%', 'json $.status started failing'],
    },
  ],
};

beforeEach(() => {
  server.use(
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...deploysHandlers({ baseUrl: GATEWAY, services: fleet, deploys: [deploy] }),
  );
});

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [
      within(r).getByRole('rowheader').textContent,
      ...within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ]);

describe('deploy page', () => {
  it('compares each check before and after, worst first, under the overall verdict', async () => {
    server.use(
      http.get(`${GATEWAY}/api/deploys/dep-7/comparison`, () => HttpResponse.json(comparison)),
    );
    renderPanel({ path: '/deploys/dep-7', user: VIEWER });
    const heading = await screen.findByRole('heading', { name: 'Deploy 2.4.0' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText('Worse than before')).toBeInTheDocument();
    expect(screen.getByText(/svc-00001 · by ci-bot · started/)).toHaveTextContent(
      /running · new pricing/,
    );
    const table = screen.getByRole('table', { name: /Each check of the deployed services/ });
    expect(rowTexts(table)).toEqual([
      [
        'svc-00001 health',
        '100% → 75% ▼ (worse)',
        '2 → 12 ms', // +10 ms: under the gateway's 20 ms, not marked
        '3 → 41 ms ▲ (worse)',
        'json $.status ok → failing',
        'worse success 100% → 75%; json $.status started failing',
      ],
      ['svc-00001 db-port', '100% → 100%', '2 → 2 ms', '3 → 3 ms', 'all ok', 'same'],
    ]);
    expect(within(table).getAllByRole('link', { name: 'svc-00001' })[0]).toHaveAttribute(
      'href',
      '/p/health/services/svc-00001',
    );
  });

  it("writes every time on the page in the panel's one date-time format", async () => {
    // after the finish, not the start: the caption must say where each window really lies
    const finished = { ...after, from: '2026-11-27T11:53:20.000Z' };
    server.use(
      http.get(`${GATEWAY}/api/deploys/dep-7/comparison`, () =>
        HttpResponse.json({
          ...comparison,
          checks: comparison.checks.map((c) => ({ ...c, after: { ...c.after, ...finished } })),
        }),
      ),
    );
    const { container } = renderPanel({ path: '/deploys/dep-7' });
    const table = await screen.findByRole('table', { name: /Each check of the deployed services/ });
    const caption = table.querySelector('caption')!;
    expect(caption).toHaveTextContent(
      `before: 15 min to ${formatDateTime(before.to)}; after: since ${formatDateTime(finished.from)}`,
    );
    expect(screen.getByText(/by ci-bot · started/)).toHaveTextContent(
      formatDateTime(deploy.startedAt),
    );
    // a clock with seconds ("11:35:00 AM") is another format than "Nov 27, 2026, 11:35 AM"
    expect(container.textContent).not.toMatch(/\d:\d\d:\d\d/);
  });

  it("asks for the comparison as the panel opens, once, and the fleet's reads after its answer", async () => {
    const paths = () => requests.map((u) => u.pathname);
    let askedBeforeAnswer: string[] | null = null;
    server.use(
      http.get(`${GATEWAY}/api/deploys/dep-7/comparison`, () => {
        askedBeforeAnswer = paths();
        return HttpResponse.json(comparison);
      }),
    );
    renderPanel({ path: '/deploys/dep-7' });
    await screen.findByRole('heading', { name: 'Deploy 2.4.0' });
    // the panel reads the fleet then (the bake bar follows the deployed services' status)
    await waitFor(() => expect(paths()).toContain('/api/services'));
    expect(askedBeforeAnswer).not.toContain('/api/summary');
    expect(askedBeforeAnswer).not.toContain('/api/services');
    expect(paths().filter((p) => p === '/api/deploys/dep-7/comparison')).toHaveLength(1);
  });

  it('reads the fleet at once when the panel leaves the page before the comparison is answered', async () => {
    server.use(
      http.get(`${GATEWAY}/api/deploys/dep-7/comparison`, () => new Promise<never>(() => {})),
    );
    const { navigation } = renderPanel({ path: '/deploys/dep-7' });
    const paths = () => requests.map((u) => u.pathname);
    await waitFor(() => expect(paths()).toContain('/api/deploys/dep-7/comparison'));
    expect(paths()).not.toContain('/api/summary');
    act(() => navigation.navigate('/'));
    expect(await screen.findByText(fleet[0]!.name)).toBeInTheDocument();
    expect(paths()).toContain('/api/summary');
  });

  it('redraws only the rows whose figures moved when the comparison is read again', async () => {
    let answer = comparison;
    server.use(
      http.get(`${GATEWAY}/api/deploys/dep-7/comparison`, () => HttpResponse.json(answer)),
    );
    const { events } = renderPanel({ path: '/deploys/dep-7' });
    const table = await screen.findByRole('table', { name: /Each check of the deployed services/ });
    const drawn = deltaRenders.count;
    answer = {
      ...comparison,
      checks: [
        comparison.checks[0]!,
        { ...comparison.checks[1]!, after: { ...comparison.checks[1]!.after, p95: 55 } },
      ],
    };
    act(() =>
      events.emit({ id: '9', type: 'deploy', data: { ...deploy, description: 'new pricing' } }),
    );
    await waitFor(() => expect(within(table).getByText(/3 → 55 ms/)).toBeInTheDocument());
    // three figures of the row that moved; none of the row that did not (six before)
    expect(deltaRenders.count - drawn).toBe(3);
  });

  it('reads the comparison again when the deploy finishes', async () => {
    const { events } = renderPanel({ path: '/deploys/dep-7' });
    await screen.findByRole('heading', { name: 'Deploy 2.4.0' });
    const reads = () => requests.filter((u) => u.pathname === '/api/deploys/dep-7/comparison');
    expect(reads()).toHaveLength(1);
    act(() =>
      events.emit({
        id: '9',
        type: 'deploy',
        data: {
          ...deploy,
          outcome: 'succeeded',
          finishedAt: '2026-11-27T11:55:00.000Z',
          finishedBy: 'ci-bot',
        },
      }),
    );
    await waitFor(() => expect(reads()).toHaveLength(2));
  });

  it.each([
    [404, 'No deploy “dep-7”', false],
    [503, 'The deploy could not be loaded', true],
  ])('answers %s with “%s”', async (status, title, retry) => {
    server.use(
      http.get(`${GATEWAY}/api/deploys/dep-7/comparison`, () =>
        problem(status, 'Nope', 'the gateway says no'),
      ),
    );
    renderPanel({ path: '/deploys/dep-7' });
    expect(await screen.findByRole('heading', { name: title })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' }) !== null).toBe(retry);
  });
});

describe('deploys list', () => {
  it('lists recent deploys, newest first, each opening its page', async () => {
    const user = userEvent.setup();
    const { navigation } = renderPanel({ path: '/deploys' });
    const table = await screen.findByRole('table', { name: 'Recent deploys, newest first' });
    expect(rowTexts(table)[0]).toEqual([
      '2.4.0',
      'svc-00001',
      expect.stringMatching(/ago$/),
      'running',
      'ci-bot',
    ]);
    await user.click(within(table).getByRole('link', { name: '2.4.0' }));
    expect(navigation.path).toBe('/deploys/dep-7');
    expect(await screen.findByRole('heading', { name: 'Deploy 2.4.0' })).toBeInTheDocument();
  });

  it('says how to record one when there is none', async () => {
    server.use(...deploysHandlers({ baseUrl: GATEWAY, services: fleet, deploys: [] }));
    renderPanel({ path: '/deploys' });
    expect(await screen.findByText(/No deploy recorded yet/)).toBeInTheDocument();
  });
});

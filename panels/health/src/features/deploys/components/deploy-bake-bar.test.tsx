import { beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { Deploy, DeployComparison, DeployWindow, Operation } from '@aether/contract';
import { deploysHandlers, servicesHandlers } from '@aether/contract/msw';
import {
  makeDeployWindow,
  makeOperation,
  makeRunningDeploy,
  makeServices,
} from '@aether/contract/fixtures';
import { GATEWAY, requests, server } from '../../../testing/server';
import { renderPanel, OPERATOR } from '../../../testing/render-panel';
import { expectOpensDeclaredPage } from '../../../testing/declared-page';

const fleet = makeServices(3);
const MIN = 60_000;

const deployStarted = (agoMs: number) =>
  makeRunningDeploy(agoMs, { id: 'dep-9', services: ['svc-00001'], version: '2.5.0' });
const side = makeDeployWindow;
const comparisonOf = (
  deploy: Deploy,
  after: DeployWindow,
  verdict: DeployComparison['verdict'] = 'same',
): DeployComparison => ({
  deploy,
  verdict,
  checks: [
    {
      serviceId: 'svc-00001',
      checkId: 'health',
      before: side(90, 90, 3),
      after,
      verdict,
      comparable: true,
      reasons: [],
    },
  ],
});
const rollback = makeOperation('svc-00001', 'rollback', {
  title: 'Roll back',
  mutating: true,
  params: {},
});

let comparison: DeployComparison;
let operations: Operation[];
beforeEach(() => {
  operations = [rollback];
  server.use(
    // first: they answer before the fixture handlers behind them
    http.get(`${GATEWAY}/api/deploys/dep-9/comparison`, () => HttpResponse.json(comparison)),
    http.get(`${GATEWAY}/api/operations`, () => HttpResponse.json(operations)),
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...deploysHandlers({ baseUrl: GATEWAY, services: fleet, deploys: [] }),
  );
});

const bar = () => screen.findByRole('region', { name: 'Bake of 2.5.0' });
const line = async () => within(await bar()).getByRole('status');

describe('the bake bar on a deploy page', () => {
  it.each([
    {
      name: 'bakes a minute after the start, with the time left and the figures so far',
      agoMs: MIN,
      after: side(6, 6, 6),
      text: /^Baking svc-00001 · [34]:\d\d left · 0 failures · p95 \+3 ms$/,
    },
    {
      name: 'looks good after a clean window',
      agoMs: 6 * MIN,
      after: side(36, 36, 3),
      text: /^Baked svc-00001 · 0 failures · p95 ±0 ms · looks good$/,
    },
  ])('$name', async ({ agoMs, after, text }) => {
    comparison = comparisonOf(deployStarted(agoMs), after);
    renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    expect(await line()).toHaveTextContent(text);
    // nothing to roll back: the operations are not even read
    expect(requests.some((u) => u.pathname === '/api/operations')).toBe(false);
  });

  it('offers the service’s rollback with its dry run first, in the panel that runs it, at the first failure', async () => {
    comparison = comparisonOf(deployStarted(MIN), side(6, 5, 40), 'worse');
    const { navigation } = renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    expect(await line()).toHaveTextContent(/^Failing svc-00001 · 1 failure · p95 \+37 ms$/);
    const link = await within(await bar()).findByRole('link', {
      name: 'Roll back on svc-00001 (dry run first)',
    });
    await expectOpensDeclaredPage(
      link,
      '/p/interaction/services/svc-00001/operations/rollback?dryRun=1',
      navigation,
    );
    expect(navigation.path).toBe('/deploys/dep-9');
  });

  it('says so when the failing service has no rollback operation', async () => {
    operations = [{ ...rollback, id: 'restart', title: 'Restart' }];
    comparison = comparisonOf(deployStarted(MIN), side(6, 4, 3));
    renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    expect(
      await within(await bar()).findByText('No rollback operation is allow-listed for svc-00001.'),
    ).toBeInTheDocument();
  });

  it('re-verifies as the deploy’s comparison is read again: baking turns failing', async () => {
    const deploy = deployStarted(MIN);
    comparison = comparisonOf(deploy, side(6, 6, 3));
    const { events } = renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    expect(await line()).toHaveTextContent(/^Baking/);
    comparison = comparisonOf(deploy, side(8, 6, 3), 'worse');
    act(() =>
      events.emit({
        id: '1',
        type: 'deploy',
        data: {
          ...deploy,
          outcome: 'failed',
          finishedAt: new Date().toISOString(),
          finishedBy: 'ci-bot',
        },
      }),
    );
    await waitFor(async () =>
      expect(await line()).toHaveTextContent(/^Failing svc-00001 · 2 failures/),
    );
    expect(
      await within(await bar()).findByRole('link', { name: /Roll back on svc-00001/ }),
    ).toBeInTheDocument();
  });

  // The after-window of a finished deploy starts at its finish: right then it holds no result.
  const finished = (outcome: Deploy['outcome']): Deploy => ({
    ...deployStarted(2 * MIN),
    outcome,
    finishedAt: new Date().toISOString(),
    finishedBy: 'ci-bot',
  });
  it.each([
    { name: 'a deploy that finished failed', deploy: finished('failed'), down: false },
    {
      name: 'a deploy whose service is down at its finish',
      deploy: finished('succeeded'),
      down: true,
    },
  ])('reads failing at once for $name, before any result after it', async ({ deploy, down }) => {
    if (down) {
      server.use(
        ...servicesHandlers({
          baseUrl: GATEWAY,
          services: fleet.map((s) =>
            s.id === 'svc-00001' ? { ...s, status: 'down' as const } : s,
          ),
        }),
      );
    }
    comparison = comparisonOf(deploy, side(0, 0, 3));
    renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    await waitFor(async () =>
      expect(await line()).toHaveTextContent(/^Failing svc-00001 · 0 failures/),
    );
    expect(
      await within(await bar()).findByRole('link', { name: /Roll back on svc-00001/ }),
    ).toBeInTheDocument();
  });

  it('keeps baking a finished deploy whose services are up until results come', async () => {
    comparison = comparisonOf(finished('succeeded'), side(0, 0, 3));
    renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    expect(await line()).toHaveTextContent(/^Baking svc-00001 · [23]:\d\d left · 0 failures/);
  });

  it('is not shown on the page of a deploy older than its bar', async () => {
    comparison = comparisonOf(deployStarted(60 * MIN), side(360, 300, 3));
    renderPanel({ path: '/deploys/dep-9', user: OPERATOR });
    expect(await screen.findByRole('heading', { name: 'Deploy 2.5.0' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Bake of 2.5.0' })).toBeNull();
  });
});

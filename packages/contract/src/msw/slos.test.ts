import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SloBudgetSeries, SloList } from '../index.js';
import { makeServices } from '../fixtures/index.js';
import { slosHandlers } from './slos.js';

const BASE = 'http://gateway.test';
const services = makeServices(12);
const server = setupServer(...slosHandlers({ baseUrl: BASE, services }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('SLO mock handlers', () => {
  it('lists SLOs in the contract shape, with one paging and one ticketing', async () => {
    const list = SloList.parse(await (await fetch(`${BASE}/api/slos`)).json());
    expect(list.length).toBe(4);
    expect(list.flatMap((s) => s.alerts.map((a) => a.severity)).sort()).toEqual(['page', 'ticket']);
  });

  it('answers the budget over time of a service with an SLO, 404 without, 400 for a bad from', async () => {
    const first = services[0]!.id;
    const series = SloBudgetSeries.parse(
      await (await fetch(`${BASE}/api/services/${first}/slo`)).json(),
    );
    expect(series.points.at(-1)!.remainingRatio).toBeCloseTo(
      SloList.parse(await (await fetch(`${BASE}/api/slos`)).json())[0]!.errorBudget.remainingRatio,
    );
    expect((await fetch(`${BASE}/api/services/${services[1]!.id}/slo`)).status).toBe(404);
    expect((await fetch(`${BASE}/api/services/${first}/slo?from=yesterday`)).status).toBe(400);
    const reversed = '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z';
    expect((await fetch(`${BASE}/api/services/${first}/slo${reversed}`)).status).toBe(400);
  });
});

import { http, HttpResponse } from 'msw';
import type { ServiceSummary } from '@aether/contract';
import { alertsHandlers, servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { setupTestServer } from '@aether/panel-kit/testing';

export const GATEWAY = 'http://gateway.test';

/**
 * The panels' one test server (MSW, onUnhandledRequest: 'error', reset after each test), shared by
 * every test file through setup.ts; each test installs the handlers it is about with server.use().
 * `requests` records the URLs asked for in the current test. What every detail page also asks
 * (its operations rail) answers "none" unless a test says otherwise.
 */
export const { server, requests } = setupTestServer(
  http.get(`${GATEWAY}/api/services/:id/operations`, () => HttpResponse.json([])),
  http.get(`${GATEWAY}/api/audit`, () => HttpResponse.json({ entries: [], nextBefore: null })),
);

/** What a service's page reads about the fleet (the list, alerts, SLOs), answered for `fleet`. */
export const fleetHandlers = (fleet: ServiceSummary[]) => [
  ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
  ...alertsHandlers({ baseUrl: GATEWAY, services: fleet }),
  ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
];

/**
 * Holds GET /api/services until the returned function is called, then lets it through to the
 * handlers behind: for what a page shows before the fleet arrives.
 */
export function holdServiceList(): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.get(`${GATEWAY}/api/services`, async () => {
      await held;
      return undefined;
    }),
  );
  return release;
}

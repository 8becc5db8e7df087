import { http, HttpResponse } from 'msw';
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

import { afterAll, afterEach, beforeAll } from 'vitest';
import { setupServer } from 'msw/node';
import type { RequestHandler } from 'msw';

/**
 * The panels' one test server: an MSW server for the test file, listening before the first test
 * with `onUnhandledRequest: 'error'` (a request nobody mocked fails the test), handlers reset after
 * each test. `requests` records every URL asked for in the current test.
 */
export function setupTestServer(...handlers: RequestHandler[]) {
  const server = setupServer(...handlers);
  const requests: URL[] = [];
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:start', ({ request }) => requests.push(new URL(request.url)));
  });
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return { server, requests };
}

import { afterAll, afterEach, beforeAll } from 'vitest';
import { setupServer } from 'msw/node';

export const GATEWAY = 'http://gateway.test';

/** One MSW server per test file: unhandled requests fail the test, handlers reset between tests. */
export function setupTestServer() {
  const server = setupServer();
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

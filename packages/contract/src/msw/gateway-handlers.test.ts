import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createMswHandlers } from './gateway-handlers.js';
import { createInteractionStore } from './interaction-store.js';

const BASE = 'http://gateway.test';
const server = setupServer(
  ...createMswHandlers({
    baseUrl: BASE,
    store: createInteractionStore({ signedInAs: 'alice-token' }),
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('createMswHandlers', () => {
  it.each(['/api/services', '/api/panels', '/api/session', '/api/approvals', '/api/audit'])(
    'answers GET %s',
    async (path) => {
      expect((await fetch(`${BASE}${path}`)).status).toBe(200);
    },
  );

  it('shares one identity across areas: an operator may not register a panel', async () => {
    const response = await fetch(`${BASE}/api/panels/health`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entry: 'http://x/mf-manifest.json', version: '2' }),
    });
    expect(response.status).toBe(403);
  });
});

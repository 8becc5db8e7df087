import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { ConfigReloadResponse, ConfigView, Problem } from '../index.js';
import { configHandlers } from './config.js';

const BASE = 'http://gateway.test';
const server = setupServer(
  ...configHandlers({ baseUrl: `${BASE}/admin` }),
  ...configHandlers({ baseUrl: `${BASE}/operator`, role: 'operator' }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('configHandlers', () => {
  it('shows the running config and reloads it for an admin, in the contract shapes', async () => {
    ConfigView.parse(await (await fetch(`${BASE}/admin/api/config`)).json());
    const reload = await fetch(`${BASE}/admin/api/config/reload`, { method: 'POST' });
    expect(ConfigReloadResponse.parse(await reload.json()).applied).toBe(false);
  });

  it.each([
    ['GET', '/api/config'],
    ['POST', '/api/config/reload'],
  ])('refuses %s %s below admin with 403 problem+json', async (method, path) => {
    const response = await fetch(`${BASE}/operator${path}`, { method });
    expect(response.status).toBe(403);
    Problem.parse(await response.json());
  });
});

import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '@aether/contract';
import { createRouteMatcher } from './authorize.js';
import { createRouter } from './routers/router.js';
import type { AppKoaContext } from './context.js';

const route = (method: string, path: string) =>
  ({ method, path, role: 'viewer', tag: 'services' }) as unknown as RouteSpec;

// the parameterised route first, to show order in the table does not decide
const TABLE = [
  route('get', '/api/services/:id'),
  route('get', '/api/services/changes'),
  route('post', '/api/services/:id/operations/:op/invoke'),
];

describe('createRouteMatcher (the one route matcher)', () => {
  const match = createRouteMatcher(TABLE);

  it.each([
    ['GET', '/api/services/changes', '/api/services/changes', {}],
    ['GET', '/api/services/orders', '/api/services/:id', { id: 'orders' }],
    ['HEAD', '/api/services/a%20b', '/api/services/:id', { id: 'a b' }],
    ['GET', '/api/services/%E0%A4%A', '/api/services/:id', { id: '%E0%A4%A' }],
    [
      'POST',
      '/api/services/orders/operations/flush/invoke',
      '/api/services/:id/operations/:op/invoke',
      { id: 'orders', op: 'flush' },
    ],
  ])('%s %s → %s with its params', (method, path, expected, params) => {
    const found = match(method, path);
    expect(found?.route?.path).toBe(expected);
    expect(found?.params).toEqual(params);
  });

  it('knows the path but not the method (405), and not the path at all (404)', () => {
    expect(match('DELETE', '/api/services/orders')).toMatchObject({
      route: undefined,
      allowed: ['GET', 'HEAD'],
    });
    expect(match('GET', '/api/nope')).toBeUndefined();
  });
});

describe('createRouter', () => {
  it('refuses a handler for a route the contract does not declare', () => {
    expect(() => createRouter().get('/api/undeclared', () => undefined)).toThrow(
      /not in the ROUTES/,
    );
  });

  it('runs the handler of the route authorize() matched, with its params, and passes on others', async () => {
    const seen: unknown[] = [];
    const middleware = createRouter()
      .get('/api/services/:id', (ctx) => void seen.push(ctx.params))
      .routes();
    const ctx = (path: string) =>
      ({
        state: { route: { method: 'get', path }, routeParams: { id: 'orders' } },
      }) as unknown as AppKoaContext;
    let passedOn = 0;
    await middleware(ctx('/api/services/:id'), async () => void passedOn++);
    await middleware(ctx('/api/panels'), async () => void passedOn++);
    expect(seen).toEqual([{ id: 'orders' }]);
    expect(passedOn).toBe(1);
  });
});

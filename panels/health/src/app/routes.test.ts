import { describe, expect, it } from 'vitest';
import { parseRoute, servicePath } from './route';

describe('parseRoute', () => {
  it.each([
    ['/', 'list', undefined],
    ['', 'list', undefined],
    ['/?status=down', 'list', undefined],
    ['/services/orders', 'detail', 'orders'],
    ['/services/a%2Fb?range=7d', 'detail', 'a/b'],
  ])('%s is a %s route', (path, kind, id) => {
    const route = parseRoute(path);
    expect(route.kind).toBe(kind);
    if (route.kind === 'detail') expect(route.serviceId).toBe(id);
  });

  it('round-trips a service path', () => {
    expect(parseRoute(servicePath('a b', new URLSearchParams({ range: '1h' })))).toMatchObject({
      kind: 'detail',
      serviceId: 'a b',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { linkTo } from '@aether/panel-kit';
import { links, parseRoute, routes } from './routes';

describe('parseRoute', () => {
  it.each([
    ['/', 'list', undefined],
    ['', 'list', undefined],
    ['/?status=down', 'list', undefined],
    ['/services/orders', 'detail', 'orders'],
    ['/services/a%2Fb?range=7d', 'detail', 'a/b'],
    ['/deploys', 'deploys', undefined],
    ['/deploys/', 'deploys', undefined],
    ['/deploys/dep-1', 'deploy', 'dep-1'],
    ['/outages', 'outages', undefined],
    ['/slos/', 'slos', undefined],
    ['/slos/x', 'list', undefined],
  ])('%s is a %s route', (path, name, id) => {
    const route = parseRoute(path);
    expect(route.name).toBe(name);
    if (route.name === 'detail') expect(route.serviceId).toBe(id);
    if (route.name === 'deploy') expect(route.deployId).toBe(id);
  });

  it('round-trips a service path', () => {
    expect(parseRoute(routes.service('a b', new URLSearchParams({ range: '1h' })))).toMatchObject({
      name: 'detail',
      serviceId: 'a b',
    });
  });

  it('routes the service link it declares to the shell to that service', () => {
    expect(parseRoute(linkTo(links.service!, 'a/b c'))).toMatchObject({
      name: 'detail',
      serviceId: 'a/b c',
    });
  });

  it('routes the deploys page it declares to the list', () => {
    expect(parseRoute(links.deploys!)).toEqual({ name: 'deploys' });
  });

  it.each(['outages', 'slos'] as const)('routes the %s page it declares to it', (kind) => {
    expect(parseRoute(links[kind]!)).toEqual({ name: kind });
  });

  it('routes the deploy link it declares to the shell to that deploy', () => {
    expect(parseRoute(linkTo(links.deploy!, 'dep 1/2'))).toEqual({
      name: 'deploy',
      deployId: 'dep 1/2',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { parseRoute, routes } from './routes';

describe('routes', () => {
  it.each([
    ['/alerts', 'alerts'],
    ['/maintenance', 'maintenance'],
    ['/channels', 'channels'],
    ['/approvals', 'approvals'],
    ['/nowhere', 'catalog'],
  ])('%s → %s', (path, name) => {
    expect(parseRoute(path).name).toBe(name);
  });

  it('parses back what it builds for the alerting pages', () => {
    for (const build of [routes.alerts, routes.maintenance, routes.channels])
      expect(routes[parseRoute(build()).name as 'alerts']).toBe(build);
  });
});

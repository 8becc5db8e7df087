import { describe, expect, it } from 'vitest';
import { links, parseRoute, routes } from './routes';

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

  it('reads the palette’s entry points back: an operation with its dry run, the window form', () => {
    expect(parseRoute(routes.operation('a b', 'flush', { dryRun: true }))).toEqual({
      name: 'operation',
      serviceId: 'a b',
      operationId: 'flush',
      dryRun: true,
    });
    expect(parseRoute(routes.operation('a', 'flush'))).toMatchObject({ dryRun: false });
    expect(parseRoute(routes.maintenance({ open: true }))).toEqual({
      name: 'maintenance',
      open: true,
    });
  });

  it('declares links whose templates lead to those pages', () => {
    const path = links
      .operationDryRun!.replace(':id', encodeURIComponent('a/b'))
      .replace(':operation', 'flush');
    expect(parseRoute(path)).toEqual({
      name: 'operation',
      serviceId: 'a/b',
      operationId: 'flush',
      dryRun: true,
    });
    expect(parseRoute(links.approvals!).name).toBe('approvals');
    expect(parseRoute(links.maintenanceWindow!)).toEqual({ name: 'maintenance', open: true });
  });
});

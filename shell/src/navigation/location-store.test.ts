import { describe, expect, it } from 'vitest';
import { panelHref, parseRoute } from './location-store';

describe('parseRoute', () => {
  it.each([
    ['/', { kind: 'now' }],
    ['/panels', { kind: 'overview' }],
    ['/p/health', { kind: 'panel', panelId: 'health', path: '/' }],
    ['/p/health/', { kind: 'panel', panelId: 'health', path: '/' }],
    [
      '/p/health/services/orders?status=down',
      { kind: 'panel', panelId: 'health', path: '/services/orders?status=down' },
    ],
    ['/p/my-panel/x', { kind: 'panel', panelId: 'my-panel', path: '/x' }],
    ['/elsewhere', { kind: 'not-found', url: '/elsewhere' }],
    ['/p/UPPER/', { kind: 'not-found', url: '/p/UPPER/' }],
  ])('%s', (url, route) => {
    expect(parseRoute(url)).toEqual(route);
  });
});

describe('panelHref', () => {
  it.each([
    ['health', undefined, '/p/health/'],
    ['health', '/services/a', '/p/health/services/a'],
    ['health', 'services/a', '/p/health/services/a'],
  ])('%s + %s → %s', (id, path, href) => {
    expect(panelHref(id, path)).toBe(href);
  });
});

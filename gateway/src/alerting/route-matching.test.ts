import { describe, expect, it } from 'vitest';
import { AlertRoute } from '../config/alerting-schema.js';
import { findRoute, routeMatches } from './route-matching.js';

const orders = { id: 'orders', group: 'shop', tags: ['prod', 'critical'] };

describe('routeMatches', () => {
  it.each([
    [{}, {}, true],
    [{ tags: ['critical'] }, {}, true],
    [{ groups: ['core'] }, {}, false],
    [{ severity: ['page'] }, {}, false],
    [{ severity: ['page'] }, { severity: 'page' }, true],
    [{ severity: ['page'] }, { severity: 'ticket' }, false],
    [{ severity: ['page', 'ticket'] }, { severity: 'ticket' }, true],
    [{ tags: ['critical'], severity: ['page'] }, { severity: 'page' }, true],
    [{ services: ['auth'], severity: ['page'] }, { severity: 'page' }, false],
    [{}, { severity: 'ticket' }, true],
  ] as const)('match %o on orders %o → %s', (match, extra, expected) => {
    expect(routeMatches(AlertRoute.shape.match.parse(match), { service: orders, ...extra })).toBe(
      expected,
    );
  });
});

describe('findRoute', () => {
  const routes = [
    { match: { tags: ['critical'] }, channels: ['pager'] },
    { match: { groups: ['shop'] }, channels: ['shop-chat'] },
    { match: {}, channels: ['oncall'] },
  ].map((r) => AlertRoute.parse(r));

  it.each([
    [orders, 0],
    [{ id: 'cart', group: 'shop', tags: [] }, 1],
    [{ id: 'auth', group: 'core', tags: [] }, 2],
  ])('%o → route %i (first match wins)', (service, index) => {
    expect(findRoute(routes, { service })?.index).toBe(index);
  });

  it('no route, no alert', () => {
    expect(findRoute(routes.slice(0, 1), { service: { id: 'x', group: 'g', tags: [] } })).toBe(
      undefined,
    );
  });
});

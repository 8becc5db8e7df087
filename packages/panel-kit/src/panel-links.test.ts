import { describe, expect, it } from 'vitest';
import { linkTo } from './panel-links';

describe('linkTo', () => {
  it.each([
    ['/services/:id', ['a b'], '/services/a%20b'],
    [
      '/services/:id/operations/:operation?dryRun=1',
      ['orders', 'flush/all'],
      '/services/orders/operations/flush%2Fall?dryRun=1',
    ],
    ['/services/:id/operations/:operation', ['orders'], '/services/orders/operations/:operation'],
  ] as const)('%s with %j → %s', (template, [id, operation], expected) => {
    expect(linkTo(template, id, operation)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { ConfigChanges } from '@aether/contract';
import { makeConfigReload } from '@aether/contract/fixtures';
import { touchesServices } from './config-reload';

const reload = makeConfigReload;
const NONE = reload().changes;

describe('touchesServices', () => {
  it.each<[string, Partial<ConfigChanges>, boolean]>([
    ['nothing but other sections (alerting, auth)', { sections: ['alerting', 'auth'] }, false],
    ['checks kept as they were', {}, false],
    ['a service added', { added: ['ledger'] }, true],
    ['a service removed', { removed: ['cart'] }, true],
    ['a service renamed or regrouped', { changed: ['orders'] }, true],
    ['a check added', { checks: { ...NONE.checks, added: 1 } }, true],
    ['a check removed', { checks: { ...NONE.checks, removed: 1 } }, true],
    ['a check replaced', { checks: { ...NONE.checks, replaced: 1 } }, true],
  ])('%s: %s', (_, changes, expected) => {
    expect(touchesServices(reload(changes))).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { Refused } from '../domain/refusal.js';
import { createEntryPolicy } from './entry-policy.js';

const SHA256 = `sha256-${'A'.repeat(43)}=`;
const SHA384 = `sha384-${'B'.repeat(64)}`;
const SHA512 = `sha512-${'C'.repeat(86)}==`;

const builtIn = [
  { entry: 'http://localhost:5174/mf-manifest.json' },
  { entry: 'http://localhost:5175/mf-manifest.json' },
];

/** The outcome of one registration: 'ok', or the field the refusal names. */
function outcome(
  policy: ReturnType<typeof createEntryPolicy>,
  entry: string,
  integrity?: string,
): string {
  try {
    policy.check(entry, integrity);
    return 'ok';
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    expect(error.refusal.reason).toBe('invalid');
    return error.refusal.errors?.[0]?.path ?? '?';
  }
}

describe('panel entry policy', () => {
  const defaults = createEntryPolicy({
    panels: builtIn as never,
    registry: { requireIntegrity: false },
  });

  it.each([
    ['https on a real host', 'https://panels.example.test/health/2/mf-manifest.json', 'ok'],
    ['an origin of a configured panel', 'http://localhost:5174/v2/mf-manifest.json', 'ok'],
    ['http elsewhere', 'http://panels.example.test/mf-manifest.json', 'body.entry'],
    ['another loopback port', 'http://localhost:6001/mf-manifest.json', 'body.entry'],
    ['javascript:', 'javascript:alert(1)', 'body.entry'],
    ['data:', 'data:text/javascript,alert(1)', 'body.entry'],
    ['ftp:', 'ftp://panels.example.test/mf-manifest.json', 'body.entry'],
    ['userinfo', 'https://user:pw@panels.example.test/mf-manifest.json', 'body.entry'],
    ['a user alone', 'https://user@panels.example.test/mf-manifest.json', 'body.entry'],
    ['userinfo on an allowed origin', 'http://u:p@localhost:5174/mf-manifest.json', 'body.entry'],
    ['a wildcard host', 'https://*.example.test/mf-manifest.json', 'body.entry'],
    ['not a URL', 'mf-manifest.json', 'body.entry'],
  ])('%s: %s → %s', (_label, entry, want) => {
    expect(outcome(defaults, entry)).toBe(want);
  });

  it.each([
    [SHA256, 'ok'],
    [SHA384, 'ok'],
    [SHA512, 'ok'],
    [`${SHA384} ${SHA512}`, 'ok'],
    ['sha384-abc', 'body.integrity'],
    [`sha1-${'A'.repeat(27)}=`, 'body.integrity'],
    [`sha384-${'B'.repeat(63)}`, 'body.integrity'],
    [`sha384-${'B'.repeat(63)}!`, 'body.integrity'],
    ['', 'body.integrity'],
  ])('integrity %s → %s', (integrity, want) => {
    expect(outcome(defaults, 'https://panels.example.test/mf-manifest.json', integrity)).toBe(want);
  });

  it('requires integrity with registry.requireIntegrity', () => {
    const strict = createEntryPolicy({
      panels: builtIn as never,
      registry: { requireIntegrity: true },
    });
    expect(outcome(strict, 'https://panels.example.test/mf-manifest.json')).toBe('body.integrity');
    expect(outcome(strict, 'https://panels.example.test/mf-manifest.json', SHA384)).toBe('ok');
  });

  it.each([
    ['http://127.0.0.1:6001/mf-manifest.json', 'ok'],
    ['http://127.0.0.1:49152/x/mf-manifest.json', 'ok'],
    ['http://localhost:5174/mf-manifest.json', 'body.entry'],
    ['https://cdn.example.test/mf-manifest.json', 'ok'],
    ['http://cdn.example.test/mf-manifest.json', 'body.entry'],
  ])(
    'registry.allowedOrigins replaces the default (with a :* port rule): %s → %s',
    (entry, want) => {
      const policy = createEntryPolicy({
        panels: builtIn as never,
        registry: { allowedOrigins: ['http://127.0.0.1:*'], requireIntegrity: false },
      });
      expect(outcome(policy, entry)).toBe(want);
    },
  );

  it('defaults to no origin at all with panels: [] (https only)', () => {
    const none = createEntryPolicy({ panels: [], registry: { requireIntegrity: false } });
    expect(outcome(none, 'http://localhost:5174/mf-manifest.json')).toBe('body.entry');
  });
});

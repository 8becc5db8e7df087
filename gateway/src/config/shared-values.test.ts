import { describe, expect, it } from 'vitest';
import { parseConfigText } from './load.js';
import type { AetherConfig } from './schema.js';
import { withSharedValues } from './shared-values.js';

const configOf = (services: unknown[], rest: Record<string, unknown> = {}) =>
  ({ ...rest, services }) as unknown as AetherConfig;
/** The services of a config made of `written`, as withSharedValues leaves them. */
const shared = <T>(written: T[]) => withSharedValues(configOf(written)).services as unknown as T[];

describe('withSharedValues', () => {
  it('keeps equal plain values under services once, frozen, and services and checks as they were', () => {
    const service = (id: string) => ({
      id,
      group: `shop-${'web'}`,
      tags: ['a', 'b'],
      dependsOn: [],
      checks: [{ id: 'http', headers: { 'x-team': 'web' }, expect: { status: [200] } }],
    });
    const written = [service('s1'), service('s2')];
    const copy = structuredClone(written);
    const [a, b] = shared(written) as [ReturnType<typeof service>, ReturnType<typeof service>];
    expect([a, b]).toEqual(copy);
    expect(a).not.toBe(b);
    expect(a.checks).not.toBe(b.checks);
    expect(a.checks[0]).not.toBe(b.checks[0]);
    expect(a.tags).toBe(b.tags);
    expect(a.dependsOn).toBe(b.dependsOn);
    expect(a.checks[0]!.headers).toBe(b.checks[0]!.headers);
    expect(a.checks[0]!.expect).toBe(b.checks[0]!.expect);
    expect(Object.isFrozen(a.tags)).toBe(true);
    expect(Object.isFrozen(a.checks[0]!.expect.status)).toBe(true);
    expect(Object.isFrozen(a)).toBe(false);
    expect(Object.isFrozen(a.checks[0])).toBe(false);
  });

  it('shares only what reads the same: NaN, null, -0, 0, undefined members and key order stay apart', () => {
    const values = [
      { v: NaN },
      { v: null },
      { v: -0 },
      { v: 0 },
      { v: undefined },
      {},
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      ['1'],
      [1],
      { 0: '1' },
    ];
    const written = values.map((value, i) => ({
      id: `s${i}`,
      value,
      again: structuredClone(value),
    }));
    const services = shared(written);
    services.forEach((s, i) => {
      expect(s.value).toBe(s.again);
      expect(Object.is((s.value as { v?: unknown }).v, (values[i] as { v?: unknown }).v)).toBe(
        true,
      );
      expect(Object.keys(s.value as object)).toEqual(Object.keys(values[i]!));
      for (const other of services.slice(i + 1)) expect(other.value).not.toBe(s.value);
    });
  });

  it('leaves values with an id, class instances and sparse arrays their identity', () => {
    const when = () => new Date(0);
    const sparse = () => {
      const array: unknown[] = [];
      array[1] = 'x';
      return array;
    };
    const written = ['s1', 's2'].map((id) => ({
      id,
      operation: { id: 'restart' },
      when: when(),
      sparse: sparse(),
    }));
    const [a, b] = shared(written) as [(typeof written)[number], (typeof written)[number]];
    expect(a.operation).not.toBe(b.operation);
    expect(a.when).not.toBe(b.when);
    expect(a.sparse).not.toBe(b.sparse);
    expect(1 in a.sparse && !(0 in a.sparse)).toBe(true);
  });

  it('interns strings in every section without freezing or sharing objects there', () => {
    const host = ['127', '0', '0', '1'].join('.');
    const config = configOf([], {
      server: { host },
      auth: {
        tokens: [
          { name: 'a', role: 'admin' },
          { name: 'b', role: 'admin' },
        ],
      },
      registry: { allowedHosts: [host.slice(0)] },
    }) as unknown as { server: { host: string }; auth: { tokens: { role: string }[] } };
    const again = structuredClone(config);
    withSharedValues(config as unknown as AetherConfig);
    expect(config).toEqual(again);
    expect(Object.isFrozen(config.server)).toBe(false);
    expect(Object.isFrozen(config.auth.tokens[0])).toBe(false);
  });

  it('gives the loader’s config unchanged, whatever it holds', () => {
    const text = [
      'services:',
      '  - id: web',
      '    name: Web',
      '    baseUrl: http://127.0.0.1:1',
      '    tags: [shop]',
      '    checks:',
      '      - { id: http, type: http, path: /a, headers: { x-team: shop } }',
      '      - { id: body, type: http, path: /b, headers: { x-team: shop }, expect: { status: [200, 204] } }',
      '  - id: api',
      '    name: API',
      '    baseUrl: http://127.0.0.1:1',
      '    tags: [shop]',
      '    dependsOn: [web]',
      '    checks:',
      '      - { id: http, type: http, path: /a, headers: { x-team: shop } }',
    ].join('\n');
    const load = () => parseConfigText(text, 'aether.config.yaml', {});
    const config = withSharedValues(load());
    expect(config).toEqual(load());
    const [web, api] = config.services as [
      AetherConfig['services'][number],
      AetherConfig['services'][number],
    ];
    expect(web.tags).toBe(api.tags);
  });
});

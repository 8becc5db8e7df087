import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConfigFile, loadConfigFile } from './load.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/aether.config.yaml', import.meta.url));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('examples/aether.config.yaml', () => {
  it('loads with the loader and watches the demo fleet on loopback', () => {
    expect(checkConfigFile(EXAMPLE, {})).toMatchObject({ ok: true, errors: [] });
    const config = loadConfigFile(EXAMPLE, {});
    expect(config.services.map((s) => [s.id, s.group])).toEqual([
      ['orders', 'commerce'],
      ['cart', 'commerce'],
      ['auth', 'identity'],
      ['payments', 'payments'],
      ['search', 'platform'],
      ['edge', 'platform'],
      ['db', 'data'],
    ]);
    // the root-cause demo (e2e root-cause scenario): what orders and cart need
    expect(
      config.services.filter((s) => s.dependsOn.length).map((s) => [s.id, s.dependsOn]),
    ).toEqual([
      ['orders', ['db']],
      ['cart', ['db']],
    ]);
    const checks = config.services.flatMap((s) => s.checks);
    expect(new Set(checks.map((c) => c.type))).toEqual(new Set(['http', 'tcp', 'dns', 'tls']));
    for (const check of checks) {
      expect(check.interval).toBeGreaterThanOrEqual(5_000);
      expect(check.interval).toBeLessThanOrEqual(30_000);
      expect(check.failAfter).toBe(2);
    }
    for (const service of config.services)
      expect(new URL(service.baseUrl!).hostname).toBe('127.0.0.1');
    expect(config.panels.map((p) => [p.id, p.entry, p.module])).toEqual([
      ['health', 'http://localhost:5174/mf-manifest.json', './Panel'],
      ['interaction', 'http://localhost:5175/mf-manifest.json', './Panel'],
    ]);
  });

  it('stores the documented demo tokens as sha256', () => {
    const tokens = loadConfigFile(EXAMPLE, {}).auth.tokens;
    expect(tokens.map((t) => [t.name, t.role, t.sha256])).toEqual([
      ['demo-operator', 'operator', sha256('demo-operator')],
      ['demo-operator-2', 'operator', sha256('demo-operator-2')],
      ['demo-admin', 'admin', sha256('demo-admin')],
    ]);
  });

  it('keeps the admin token reference in operation headers for send time', () => {
    const orders = loadConfigFile(EXAMPLE, { ORDERS_ADMIN_TOKEN: 'must-not-appear' }).services[0]!;
    expect(orders.operations.map((o) => [o.id, o.mutating, o.approvals])).toEqual([
      ['flush-cache', true, 2],
      ['read-config', false, 1],
      ['restart', true, 1],
    ]);
    for (const operation of orders.operations) {
      expect(operation.headers.authorization).toBe(
        'Bearer ${ORDERS_ADMIN_TOKEN:-demo-orders-admin-token}',
      );
    }
  });
});

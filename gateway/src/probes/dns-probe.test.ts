import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { createDnsTarget } from '../testing/dns-target.js';
import { runProbe } from './index.js';

let dns: Awaited<ReturnType<typeof createDnsTarget>>;
beforeAll(async () => {
  dns = await createDnsTarget(
    {
      'orders.aether.test': { A: ['127.0.0.1'], AAAA: ['::1'], TXT: ['v=aether1'] },
      'www.aether.test': { CNAME: ['orders.aether.test'] },
      'multi.aether.test': { A: ['127.0.0.2', '127.0.0.1'] },
    },
    { silent: ['silent.aether.test'] },
  );
});
afterAll(() => dns.close());

const service = ServiceConfig.parse({ id: 'orders', name: 'Orders' });
const check = (extra: Record<string, unknown>) =>
  CheckConfig.parse({ id: 'dns', type: 'dns', server: dns.server, ...extra });

describe('dns probe against our own server on loopback', () => {
  it.each([
    ['A', 'orders.aether.test', ['127.0.0.1']],
    ['AAAA', 'orders.aether.test', ['::1']],
    ['TXT', 'orders.aether.test', ['v=aether1']],
    ['CNAME', 'www.aether.test', ['orders.aether.test']],
    ['A', 'multi.aether.test', ['127.0.0.1', '127.0.0.2']],
  ])('answers %s %s with the expected values', async (recordType, name, values) => {
    const result = await runProbe(service, check({ name, recordType, expect: { values } }));
    expect(result).toMatchObject({
      status: 'up',
      errors: [],
      target: `dns ${name} ${recordType} @${dns.server}`,
    });
    expect(result.conditions).toEqual([
      {
        condition: 'dns values',
        expected: values.join(', '),
        actual: [...values].sort().join(', '),
        ok: true,
        severity: 'fail',
      },
    ]);
    expect(dns.queries).toContain(`${name} ${recordType}`);
  });

  it('fails when the answer differs from what is expected', async () => {
    const result = await runProbe(
      service,
      check({ name: 'orders.aether.test', expect: { values: ['10.0.0.1'] } }),
    );
    expect(result.status).toBe('down');
    expect(result.conditions[0]).toMatchObject({
      expected: '10.0.0.1',
      actual: '127.0.0.1',
      ok: false,
    });
  });

  it('is up without expected values when there is at least one record', async () => {
    expect((await runProbe(service, check({ name: 'orders.aether.test' }))).status).toBe('up');
  });

  it.each([
    ['an unknown name (NXDOMAIN)', { name: 'nope.aether.test' }, 'dns', /NXDOMAIN/],
    [
      'a known name without records of the type',
      { name: 'www.aether.test', recordType: 'A' },
      'dns',
      /no A records/,
    ],
    [
      'a server that never answers',
      { name: 'silent.aether.test', timeout: '200ms' },
      'timeout',
      /timed out/,
    ],
  ])('is down for %s', async (_name, extra, kind, message) => {
    const result = await runProbe(service, check(extra));
    expect(result.status).toBe('down');
    expect(result.errors[0]?.kind).toBe(kind);
    expect(result.errors[0]?.message).toMatch(message);
  });
});

import { describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { closedPort } from '../testing/tcp-target.js';
import { describeTarget } from './check-target.js';
import { runProbe } from './index.js';

const v4 = ServiceConfig.parse({ id: 'v4', name: 'V4', baseUrl: 'http://127.0.0.1:9101' });
const v6 = ServiceConfig.parse({ id: 'v6', name: 'V6', baseUrl: 'http://[::1]:9101' });
const tlsSite = ServiceConfig.parse({ id: 'edge', name: 'Edge', baseUrl: 'https://127.0.0.1' });
const bare = ServiceConfig.parse({ id: 'bare', name: 'Bare' });

const check = (fields: Record<string, unknown>) =>
  CheckConfig.parse({ id: 'c', timeout: '500ms', ...fields });

/**
 * The one text a check's target shows. The probes stamp results with it and the monitor shows
 * it before any result and on runs that never reached a probe: before they shared a function,
 * the monitor wrote DNS as "dns A name" and lost IPv6 brackets ("tcp ::1:5432").
 */
describe('describeTarget', () => {
  it.each([
    [
      'http from baseUrl',
      v4,
      check({ type: 'http', path: '/health' }),
      'GET http://127.0.0.1:9101/health',
    ],
    [
      'http with its own url, normalised as fetched',
      v4,
      check({ type: 'http', url: 'http://127.0.0.1:9102' }),
      'GET http://127.0.0.1:9102/',
    ],
    [
      'https with a method',
      tlsSite,
      check({ type: 'http', method: 'HEAD', path: '/x' }),
      'HEAD https://127.0.0.1/x',
    ],
    [
      'http on IPv6 keeps its brackets',
      v6,
      check({ type: 'http', path: '/health' }),
      'GET http://[::1]:9101/health',
    ],
    ['tcp v4 from baseUrl', v4, check({ type: 'tcp', port: 5432 }), 'tcp 127.0.0.1:5432'],
    [
      'tcp v6 from baseUrl keeps brackets',
      v6,
      check({ type: 'tcp', port: 5432 }),
      'tcp [::1]:5432',
    ],
    [
      'tcp v6 given as host',
      bare,
      check({ type: 'tcp', host: '::1', port: 6379 }),
      'tcp [::1]:6379',
    ],
    [
      'dns with its server',
      bare,
      check({ type: 'dns', name: 'orders.test', recordType: 'A', server: '127.0.0.1:5353' }),
      'dns orders.test A @127.0.0.1:5353',
    ],
    ['tls from baseUrl', tlsSite, check({ type: 'tls', port: 9443 }), 'tls 127.0.0.1:9443'],
    ['tls v6 host', bare, check({ type: 'tls', host: '::1', port: 9443 }), 'tls [::1]:9443'],
  ])('%s', (_what, service, config, text) => {
    expect(describeTarget(service, config)).toBe(text);
  });

  it('tells apart one check object met under two services', () => {
    const shared = check({ type: 'http', path: '/health' });
    expect(describeTarget(v4, shared)).toBe('GET http://127.0.0.1:9101/health');
    expect(describeTarget(v6, shared)).toBe('GET http://[::1]:9101/health');
    expect(describeTarget(v4, shared)).toBe('GET http://127.0.0.1:9101/health');
  });

  it('stamps a run with the target its caller keeps, without making it again', async () => {
    const port = await closedPort();
    const result = await runProbe(v4, check({ type: 'tcp', port }), { target: 'tcp as kept' });
    expect(result.target).toBe('tcp as kept');
  });

  it.each([
    ['http v4', v4, (port: number) => ({ type: 'http', url: `http://127.0.0.1:${port}/health` })],
    ['http v6', v6, (port: number) => ({ type: 'http', url: `http://[::1]:${port}/health` })],
    ['tcp v4', v4, (port: number) => ({ type: 'tcp', port })],
    ['tcp v6', v6, (port: number) => ({ type: 'tcp', port })],
    ['tls v4', v4, (port: number) => ({ type: 'tls', port })],
    [
      'dns',
      bare,
      (port: number) => ({
        type: 'dns',
        name: 'x.test',
        recordType: 'AAAA',
        server: `127.0.0.1:${port}`,
      }),
    ],
  ])('is what the prober stamps on its result: %s', async (_what, service, fields) => {
    // a refused port on loopback: every probe ends at once, with the target it reports
    const port = await closedPort();
    const config = check(fields(port));
    const result = await runProbe(service, config);
    expect(result.success).toBe(false);
    expect(result.target).toBe(describeTarget(service, config));
  });
});

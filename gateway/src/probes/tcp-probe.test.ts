import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { closedPort, createTcpTarget } from '../testing/tcp-target.js';
import { runProbe } from './index.js';

let listener: Awaited<ReturnType<typeof createTcpTarget>>;
beforeAll(async () => {
  listener = await createTcpTarget();
});
afterAll(() => listener.close());

const service = ServiceConfig.parse({ id: 'db', name: 'DB', baseUrl: 'http://127.0.0.1:1' });
const tcp = (port: number, extra: Record<string, unknown> = {}) =>
  CheckConfig.parse({ id: 'port', type: 'tcp', port, ...extra });

describe('tcp probe', () => {
  it('is up when the port accepts, taking the host from baseUrl', async () => {
    const before = listener.accepted();
    const result = await runProbe(service, tcp(listener.port));
    expect(result).toMatchObject({
      status: 'up',
      success: true,
      errors: [],
      target: `tcp 127.0.0.1:${listener.port}`,
      type: 'tcp',
    });
    expect(result.timings?.connect).toBeGreaterThanOrEqual(0);
    // the probe resolves on the client's connect; the server's accept is its own event: wait for it
    await listener.acceptedAtLeast(before + 1);
    expect(listener.accepted()).toBe(before + 1);
  });

  it('is down with "refused" when nothing listens', async () => {
    const result = await runProbe(service, tcp(await closedPort(), { host: '127.0.0.1' }));
    expect(result.status).toBe('down');
    expect(result.errors.map((e) => e.kind)).toEqual(['refused']);
  });
});

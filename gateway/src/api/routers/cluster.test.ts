import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterInfo } from '@aether/contract';
import { startGatewayUnderTest, type GatewayUnderTest } from '../../testing/gateway-under-test.js';
import { expectJson } from '../../testing/problem-assertions.js';

let gw: GatewayUnderTest;
beforeAll(async () => {
  gw = await startGatewayUnderTest();
});
afterAll(async () => {
  await gw?.close();
});

describe('GET /api/cluster on a gateway without Postgres', () => {
  it('answers one member, itself, probing every check, with the hash of its config', async () => {
    const cluster = await expectJson(await gw.call('viewer', 'GET', '/api/cluster'), ClusterInfo);
    expect(cluster.members).toHaveLength(1);
    const [self] = cluster.members;
    expect(self!.id).toBe(cluster.self);
    expect(self!.shards).toBe(0);
    expect(self!.checks).toBe(gw.gateway.deps.monitor.stats!().checks);
    expect(self!.configHash).toBe(gw.gateway.deps.configReloader!.current().sha256);
  });
});

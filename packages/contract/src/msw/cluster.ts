import { HttpResponse } from 'msw';
import type { ClusterInfo } from '../index.js';
import { FIXTURE_NOW } from '../fixtures/index.js';
import { handle, route } from './route.js';

const CLUSTER = route('get', '/api/cluster');

export interface ClusterMockOptions {
  baseUrl?: string;
  /** Default: three gateways splitting 1024 shards, the third on another config. */
  cluster?: ClusterInfo;
}

/** Three gateways as a healthy cluster shows them, one with a config hash that differs. */
export function makeCluster(now = Date.parse(FIXTURE_NOW)): ClusterInfo {
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const member = (n: number, shards: number, configHash: string) => ({
    id: `gateway-${n}-1-a1b2c${n}`,
    host: `gateway-${n}`,
    startedAt: at(3_600_000 + n * 1000),
    lastSeen: at(n * 1000),
    shards,
    checks: shards * 3,
    configHash,
    alive: true,
  });
  return {
    self: 'gateway-1-1-a1b2c1',
    members: [member(1, 342, 'c0ffee'), member(2, 341, 'c0ffee'), member(3, 341, 'decade')],
  };
}

/** GET /api/cluster, its body parsed by the contract schema. */
export function clusterHandlers({
  baseUrl = '',
  cluster = makeCluster(),
}: ClusterMockOptions = {}) {
  return [handle(baseUrl, CLUSTER, () => HttpResponse.json(CLUSTER.responses[200].parse(cluster)))];
}

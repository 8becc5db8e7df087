import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterInfo } from '../index.js';
import { createMswHandlers } from './gateway-handlers.js';

const BASE = 'http://gateway.test';
const server = setupServer(...createMswHandlers({ baseUrl: BASE }));

describe('cluster handler', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers three members splitting the shards, one config hash differing', async () => {
    const cluster = ClusterInfo.parse(await (await fetch(`${BASE}/api/cluster`)).json());
    expect(cluster.members.map((m) => m.shards).reduce((a, b) => a + b)).toBe(1024);
    expect(cluster.members.some((m) => m.id === cluster.self)).toBe(true);
    expect(new Set(cluster.members.map((m) => m.configHash)).size).toBe(2);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../cli/start-gateway.js';
import { startConfigGateway } from '../testing/config-gateway.js';

/**
 * The login limiter keys on the real client: behind server.trustProxy hops, the X-Forwarded-For
 * entry that many hops from the right; without it, the socket (a forged header changes nothing).
 */
const TOKEN = 'proxy-test-viewer-token';
const sha = createHash('sha256').update(TOKEN).digest('hex');
const gateways: Record<string, RunningGateway> = {};

beforeAll(async () => {
  for (const hops of [0, 1, 2]) {
    gateways[hops] = await startConfigGateway([
      `server: { port: 0, trustProxy: ${hops} }`,
      `auth: { loginLimit: { maxFailures: 2 }, tokens: [{ name: v, role: viewer, sha256: "${sha}" }] }`,
      'panels: []',
    ]);
  }
});
afterAll(async () => {
  await Promise.all(Object.values(gateways).map((g) => g.close()));
});

const call = (hops: number, forwardedFor: string, token: string) =>
  fetch(`${gateways[hops]!.url}/api/session`, {
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor },
  }).then((r) => r.status);

describe('login limiter behind a proxy', () => {
  it.each([
    // hops, the attacker's X-Forwarded-For, another client's, does the other get locked out?
    [0, '203.0.113.7', '198.51.100.9', true], // no proxy trusted: both are the socket
    [1, '203.0.113.7', '198.51.100.9', false],
    [1, 'forged, 203.0.113.17', 'forged, 198.51.100.9', false],
    [1, '198.51.100.9, 203.0.113.27', '203.0.113.8', false], // a forged left entry is ignored
    [2, '203.0.113.7, 10.0.0.2', '198.51.100.9, 10.0.0.2', false],
  ])(
    'trustProxy %i: failures from %s, then %s with a wrong token → locked out: %s',
    async (hops, attacker, other, otherLocked) => {
      const tag = `${hops}-${attacker}`;
      expect(await call(hops, attacker, `wrong-${tag}-1`)).toBe(401);
      expect(await call(hops, attacker, `wrong-${tag}-2`)).toBe(401);
      expect(await call(hops, attacker, `wrong-${tag}-3`)).toBe(429);
      // a valid token is never locked out, from any address
      expect(await call(hops, attacker, TOKEN)).toBe(200);
      expect(await call(hops, other, `wrong-${tag}-other`)).toBe(otherLocked ? 429 : 401);
    },
  );
});

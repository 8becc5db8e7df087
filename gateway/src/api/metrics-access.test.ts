import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../cli/start-gateway.js';
import { startConfigGateway } from '../testing/config-gateway.js';

/** /metrics needs a viewer token unless server.metricsPublic: true, whatever auth.anonymous says. */
const TOKEN = 'metrics-viewer-token';
const sha = createHash('sha256').update(TOKEN).digest('hex');
const gateways: RunningGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
});

describe('GET /metrics access', () => {
  it.each([
    // metricsPublic, anonymous, bearer, status
    [undefined, undefined, false, 401],
    [undefined, undefined, true, 200],
    [false, 'viewer', false, 401],
    [false, 'viewer', true, 200],
    [true, 'none', false, 200],
    [true, 'viewer', false, 200],
  ] as const)(
    'metricsPublic %s, anonymous %s, bearer %s → %i',
    async (metricsPublic, anonymous, bearer, status) => {
      const gateway = await startConfigGateway([
        `server: { port: 0${metricsPublic === undefined ? '' : `, metricsPublic: ${metricsPublic}`} }`,
        'auth:',
        ...(anonymous ? [`  anonymous: ${anonymous}`] : []),
        `  tokens: [{ name: scraper, role: viewer, sha256: "${sha}" }]`,
        'panels: []',
      ]);
      gateways.push(gateway);
      const response = await fetch(`${gateway.url}/metrics`, {
        headers: bearer ? { authorization: `Bearer ${TOKEN}` } : {},
      });
      expect(response.status).toBe(status);
      if (status === 200) expect(await response.text()).toContain('aether_sse_clients');
      else expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    },
  );

  it('opens nothing else: with metricsPublic and anonymous none, /api/services stays 401', async () => {
    const gateway = await startConfigGateway([
      'server: { port: 0, metricsPublic: true }',
      'panels: []',
    ]);
    gateways.push(gateway);
    expect((await fetch(`${gateway.url}/api/services`)).status).toBe(401);
  });
});

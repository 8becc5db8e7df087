import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { createHttpTarget, type HttpTarget } from '../testing/http-target.js';
import { runProbe } from './index.js';

/**
 * A redirect's Location comes from the target and lands in the result every viewer reads (the
 * error text, the incident cause): it is shown through redactUrl like any configured URL.
 */
let target: HttpTarget;
beforeAll(async () => {
  target = await createHttpTarget();
});
afterAll(async () => {
  await target.close();
});

describe('redirect text in probe results', () => {
  it.each([
    ['/health?token=s3cret-token&x=1', '/health?token=[REDACTED]&x=[REDACTED]'],
    ['USERINFO/health', '/health'],
  ])('a redirect to %s is shown as …%s', async (location, shown) => {
    const authority = new URL(target.url).host;
    const to = location.startsWith('USERINFO')
      ? `http://ops:s3cret-pass@${authority}${location.slice('USERINFO'.length)}`
      : location;
    const result = await runProbe(
      ServiceConfig.parse({ id: 'svc', name: 'Service', baseUrl: target.url }),
      CheckConfig.parse({
        id: 'c',
        type: 'http',
        timeout: '2s',
        // one hop followed, the second (to the secret-bearing Location) is one too many
        followRedirects: 1,
        path: `/redirect?to=${encodeURIComponent(`/redirect?to=${encodeURIComponent(to)}`)}`,
      }),
      {},
    );
    const text = JSON.stringify(result);
    expect(result.errors[0]?.kind).toBe('too-many-redirects');
    expect(result.errors[0]?.message).toContain(`http://${authority}${shown}`);
    expect(text).not.toContain('s3cret');
  });
});

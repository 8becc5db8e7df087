import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOperateApp, type OperateApp } from '../testing/operate-app.js';

let gw: OperateApp;

beforeAll(async () => {
  gw = await startOperateApp();
});

afterAll(async () => {
  await gw.close();
});

const verify = (as: 'operator' | 'operator2') =>
  gw.call(as, 'POST', '/api/verify', { services: [] });

describe('POST /api/verify is limited per caller (verify.perMinute, default 30)', () => {
  it('answers 429 with Retry-After past the limit, for that caller only, until the minute is over', async () => {
    for (let i = 0; i < 30; i++) expect((await verify('operator')).status).toBe(200);
    const refused = await verify('operator');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await verify('operator2')).status).toBe(200);
    gw.clock.advance(60_000);
    expect((await verify('operator')).status).toBe(200);
  });
});

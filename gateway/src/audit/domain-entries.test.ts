import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, CSRF_HEADER } from '@aether/contract';
import { PANELS } from '@aether/contract/fixtures';
import { TOKENS, startOperateApp, type OperateApp } from '../testing/operate-app.js';

let gw: OperateApp;

beforeAll(async () => {
  gw = await startOperateApp();
});

afterAll(async () => {
  await gw.close();
});

const newest = async () =>
  AuditPage.parse((await gw.call('operator', 'GET', '/api/audit?limit=1')).json()).entries[0];

/** Logins, logouts and panel registry changes join the operations' hash chain. */
describe('entries of other domains in the audit trail', () => {
  it('records a login and a logout by the session owner', async () => {
    const login = await gw.call(null, 'POST', '/api/session', { token: TOKENS.operator });
    expect(login.status).toBe(200);
    expect(await newest()).toMatchObject({
      action: 'login',
      actor: 'otto',
      role: 'operator',
      target: 'session',
      outcome: 'ok',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const logout = await gw.call(null, 'DELETE', '/api/session', undefined, {
      cookie,
      [CSRF_HEADER]: '1',
    });
    expect(logout.status).toBe(204);
    expect(await newest()).toMatchObject({ action: 'logout', actor: 'otto', target: 'session' });
  });

  it.each([
    [
      'PUT',
      '',
      { entry: 'https://panels.example.com/health/mf-manifest.json', version: '2.0.0' },
      'panel-register',
    ],
    ['POST', '/disable', { disabled: true }, 'panel-disable'],
    ['POST', '/disable', { disabled: false }, 'panel-enable'],
    ['POST', '/rollback', {}, 'panel-rollback'],
  ] as const)('%s /api/panels/:id%s by an admin → %s', async (method, suffix, body, action) => {
    const id = PANELS[0]!.id;
    const answer = await gw.call('admin', method, `/api/panels/${id}${suffix}`, body);
    expect(answer.status).toBe(200);
    expect(await newest()).toMatchObject({
      action,
      actor: 'ada',
      role: 'admin',
      target: `panel:${id}`,
    });
  });

  it('keeps the chain verifiable with them in it', async () => {
    expect((await gw.call('operator', 'GET', '/api/audit/verify?full=true')).json()).toMatchObject({
      ok: true,
      brokenAt: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../store/open-stores.js';
import { FakeClock } from '../testing/fake-clock.js';
import { ConfirmationTokens, hashToken, type ConfirmationBinding } from './confirmation-tokens.js';

const binding: ConfirmationBinding = {
  actor: 'otto',
  serviceId: 'orders',
  operationId: 'flush-cache',
  paramsHash: 'h1',
};

function setup(clock = new FakeClock()) {
  const stores = openSqliteStores({ path: ':memory:' });
  return { stores, tokens: new ConfirmationTokens(stores.confirmTokens, clock, 1000) };
}

describe('ConfirmationTokens', () => {
  it.each([
    ['another actor', { actor: 'olga' }, /someone else/],
    ['another service', { serviceId: 'billing' }, /another operation/],
    ['another operation', { operationId: 'restart' }, /another operation/],
    ['other params', { paramsHash: 'h2' }, /params changed/],
  ])('refuses %s without spending the token', async (_name, change, reason) => {
    const { tokens } = setup();
    const { token } = await tokens.issue(binding);
    expect(await tokens.redeem(token, { ...binding, ...change })).toEqual({
      ok: false,
      reason: expect.stringMatching(reason),
    });
    expect(await tokens.redeem(token, binding)).toEqual({ ok: true });
  });

  it('is single use', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue(binding);
    expect((await tokens.redeem(token, binding)).ok).toBe(true);
    expect(await tokens.redeem(token, binding)).toEqual({
      ok: false,
      reason: expect.stringMatching(/already used/),
    });
  });

  it('expires after its time to live', async () => {
    const clock = new FakeClock();
    const { tokens } = setup(clock);
    const { token, expiresAt } = await tokens.issue(binding);
    expect(expiresAt).toBe(clock.now() + 1000);
    await clock.advance(1000);
    expect(await tokens.redeem(token, binding)).toEqual({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
  });

  it('stores only a hash of the token, never the token itself', async () => {
    const { stores, tokens } = setup();
    const { token } = await tokens.issue(binding);
    expect(await stores.confirmTokens.get(hashToken(token))).toMatchObject(binding);
    expect(await stores.confirmTokens.get(token)).toBeUndefined();
    expect(JSON.stringify(await stores.rawSql('SELECT * FROM confirm_tokens'))).not.toContain(
      token,
    );
  });

  it('survives a restart: a new instance over the same store redeems it', async () => {
    const clock = new FakeClock();
    const { stores, tokens } = setup(clock);
    const { token } = await tokens.issue(binding);
    const restarted = new ConfirmationTokens(stores.confirmTokens, clock, 1000);
    expect(await restarted.redeem(token, binding)).toEqual({ ok: true });
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { ConfirmationTokens, type ConfirmationBinding } from './confirmation-tokens.js';

const binding: ConfirmationBinding = {
  actor: 'otto',
  serviceId: 'orders',
  operationId: 'flush-cache',
  paramsHash: 'h1',
};

describe('ConfirmationTokens', () => {
  it.each([
    ['another actor', { actor: 'olga' }, /someone else/],
    ['another service', { serviceId: 'billing' }, /another operation/],
    ['another operation', { operationId: 'restart' }, /another operation/],
    ['other params', { paramsHash: 'h2' }, /params changed/],
  ])('refuses %s without spending the token', (_name, change, reason) => {
    const tokens = new ConfirmationTokens(new FakeClock(), 1000);
    const { token } = tokens.issue(binding);
    expect(tokens.redeem(token, { ...binding, ...change })).toEqual({
      ok: false,
      reason: expect.stringMatching(reason),
    });
    expect(tokens.redeem(token, binding)).toEqual({ ok: true });
  });

  it('is single use', () => {
    const tokens = new ConfirmationTokens(new FakeClock(), 1000);
    const { token } = tokens.issue(binding);
    expect(tokens.redeem(token, binding).ok).toBe(true);
    expect(tokens.redeem(token, binding)).toEqual({
      ok: false,
      reason: expect.stringMatching(/already used/),
    });
  });

  it('expires after its time to live', async () => {
    const clock = new FakeClock();
    const tokens = new ConfirmationTokens(clock, 1000);
    const { token, expiresAt } = tokens.issue(binding);
    expect(expiresAt).toBe(clock.now() + 1000);
    await clock.advance(1000);
    expect(tokens.redeem(token, binding)).toEqual({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
  });
});

import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { ConfirmTokenStore } from '../store/domain/confirm-token-store.js';

/** What a confirmation token is good for: this actor, this operation, these exact params. */
export interface ConfirmationBinding {
  actor: string;
  serviceId: string;
  operationId: string;
  paramsHash: string;
}

export const CONFIRM_TTL_MS = 2 * 60_000;

/** The key a token is stored under: its SHA-256, so the store never holds a usable token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Single-use, short-lived tokens that turn a previewed mutating request into a real one. They are
 * stored (so a restart in between does not lose them) and only as hashes. A token is spent when
 * it is redeemed; a mismatched attempt does not spend it, so a third party holding it cannot burn
 * someone else's confirmation (and cannot use it either).
 */
export class ConfirmationTokens {
  constructor(
    private readonly store: ConfirmTokenStore,
    private readonly clock: Clock,
    private readonly ttlMs = CONFIRM_TTL_MS,
  ) {}

  async issue(binding: ConfirmationBinding): Promise<{ token: string; expiresAt: number }> {
    const now = this.clock.now();
    await this.store.deleteExpired(now);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + this.ttlMs;
    await this.store.put({ ...binding, tokenHash: hashToken(token), expiresAt });
    return { token, expiresAt };
  }

  /** Spends the token when it matches; otherwise says why not. */
  async redeem(
    token: string,
    binding: ConfirmationBinding,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const key = hashToken(token);
    const entry = await this.store.get(key);
    const unknown = { ok: false, reason: 'confirmation token unknown or already used' } as const;
    if (!entry) return unknown;
    if (entry.expiresAt <= this.clock.now()) {
      await this.store.spend(key);
      return { ok: false, reason: 'confirmation token expired' };
    }
    if (entry.actor !== binding.actor)
      return { ok: false, reason: 'confirmation token was issued to someone else' };
    if (entry.serviceId !== binding.serviceId || entry.operationId !== binding.operationId) {
      return { ok: false, reason: 'confirmation token was issued for another operation' };
    }
    if (entry.paramsHash !== binding.paramsHash)
      return { ok: false, reason: 'params changed since the confirmation was issued' };
    // two redeems racing: only the one that removes the token may run
    return (await this.store.spend(key)) ? { ok: true } : unknown;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

/** What a confirmation token is good for: this actor, this operation, these exact params. */
export interface ConfirmationBinding {
  actor: string;
  serviceId: string;
  operationId: string;
  paramsHash: string;
}

export const CONFIRM_TTL_MS = 2 * 60_000;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Single-use, short-lived tokens that turn a previewed mutating request into a real one. They are
 * kept in memory (a restart simply asks for confirmation again) and only as hashes. A token is
 * spent when it is redeemed; a mismatched attempt does not spend it, so a third party holding it
 * cannot burn someone else's confirmation (and cannot use it either).
 */
export class ConfirmationTokens {
  private readonly pending = new Map<string, ConfirmationBinding & { expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = CONFIRM_TTL_MS,
  ) {}

  issue(binding: ConfirmationBinding): { token: string; expiresAt: number } {
    const now = this.clock.now();
    for (const [key, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(key);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.pending.set(hash(token), { ...binding, expiresAt });
    return { token, expiresAt };
  }

  /** Spends the token when it matches; otherwise says why not. */
  redeem(
    token: string,
    binding: ConfirmationBinding,
  ): { ok: true } | { ok: false; reason: string } {
    const key = hash(token);
    const entry = this.pending.get(key);
    if (!entry) return { ok: false, reason: 'confirmation token unknown or already used' };
    if (entry.expiresAt <= this.clock.now()) {
      this.pending.delete(key);
      return { ok: false, reason: 'confirmation token expired' };
    }
    if (entry.actor !== binding.actor)
      return { ok: false, reason: 'confirmation token was issued to someone else' };
    if (entry.serviceId !== binding.serviceId || entry.operationId !== binding.operationId) {
      return { ok: false, reason: 'confirmation token was issued for another operation' };
    }
    if (entry.paramsHash !== binding.paramsHash)
      return { ok: false, reason: 'params changed since the confirmation was issued' };
    this.pending.delete(key);
    return { ok: true };
  }
}

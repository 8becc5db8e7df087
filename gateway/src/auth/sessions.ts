import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SessionStore } from '../store/domain/session-store.js';
import { sha256 } from './token-directory.js';

export interface Session {
  /** The token owner's name; the role is looked up from the config on every request. */
  name: string;
  /** SHA-256 hex of the token the session came from; the session ends when it leaves the config. */
  tokenHash: string | null;
  expiresAt: number;
}

/**
 * Browser sessions. The id handed to the browser is 256 random bits; only its SHA-256 reaches the
 * store, so a copy of the database cannot be replayed as cookies.
 */
export class Sessions {
  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Starts a session and returns the id to put in the cookie. */
  async create(name: string, tokenHash: string): Promise<{ id: string; expiresAt: number }> {
    const now = this.clock.now();
    await this.store.deleteExpired(now);
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    await this.store.insert({
      idHash: hashSessionId(id),
      name,
      tokenHash,
      createdAt: now,
      expiresAt,
    });
    return { id, expiresAt };
  }

  async find(id: string): Promise<Session | undefined> {
    const stored = await this.store.find(hashSessionId(id), this.clock.now());
    return stored
      ? { name: stored.name, tokenHash: stored.tokenHash, expiresAt: stored.expiresAt }
      : undefined;
  }

  /** Ends the sessions of tokens the config no longer has (at load); returns how many. */
  async dropUnlessTokenIn(tokenHashes: readonly string[]): Promise<number> {
    return this.store.deleteUnlessTokenIn(tokenHashes);
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(hashSessionId(id));
  }
}

export function hashSessionId(id: string): string {
  return sha256(id).toString('hex');
}

import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SessionStore } from '../store/domain/session-store.js';
import { sha256 } from './token-directory.js';

export interface Session {
  /** The token owner's name; the role is looked up from the config on every request. */
  name: string;
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
  async create(name: string): Promise<{ id: string; expiresAt: number }> {
    const now = this.clock.now();
    await this.store.deleteExpired(now);
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    await this.store.insert({ idHash: hashSessionId(id), name, createdAt: now, expiresAt });
    return { id, expiresAt };
  }

  async find(id: string): Promise<Session | undefined> {
    const stored = await this.store.find(hashSessionId(id), this.clock.now());
    return stored ? { name: stored.name, expiresAt: stored.expiresAt } : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(hashSessionId(id));
  }
}

export function hashSessionId(id: string): string {
  return sha256(id).toString('hex');
}

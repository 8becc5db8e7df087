import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '@aether/contract';
import type { AetherConfig } from '../config/schema.js';

export interface TokenOwner {
  name: string;
  role: Role;
  /** SHA-256 hex of the token, as the config holds it. */
  tokenHash: string;
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * The config's tokens, kept only as SHA-256 digests: a token is recognised by hashing what the
 * caller sent and comparing in constant time, so the config never holds a usable secret.
 */
export class TokenDirectory {
  private tokens: Array<Omit<TokenOwner, 'tokenHash'> & { digest: Buffer }> = [];

  constructor(config: Pick<AetherConfig, 'auth'>) {
    this.replace(config);
  }

  /** Takes the tokens of a new config (a reload): requests after it see only those. */
  replace(config: Pick<AetherConfig, 'auth'>): void {
    this.tokens = config.auth.tokens.map((t) => ({
      name: t.name,
      role: t.role,
      digest: Buffer.from(t.sha256, 'hex'),
    }));
  }

  find(token: string): TokenOwner | undefined {
    const digest = sha256(token);
    // Compare against every entry, not stopping at the first hit, so timing says nothing about position.
    let found: TokenOwner | undefined;
    for (const t of this.tokens) {
      if (timingSafeEqual(t.digest, digest) && !found)
        found = { name: t.name, role: t.role, tokenHash: t.digest.toString('hex') };
    }
    return found;
  }

  /**
   * The role a session's token has now: sessions follow config changes instead of keeping a
   * stale role, and end when their token (its hash, not just its name) leaves the config.
   */
  roleOf(name: string, tokenHash: string | null): Role | undefined {
    if (tokenHash === null) return undefined;
    return this.tokens.find((t) => t.name === name && t.digest.toString('hex') === tokenHash)?.role;
  }

  /** Hashes of every configured token (sessions of others are dropped at load). */
  hashes(): string[] {
    return this.tokens.map((t) => t.digest.toString('hex'));
  }
}

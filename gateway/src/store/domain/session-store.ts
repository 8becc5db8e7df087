/** A browser session as stored: only the SHA-256 of the id the browser holds. */
export interface StoredSession {
  idHash: string;
  /** The token owner's name; the role is looked up from the config on every request. */
  name: string;
  /** SHA-256 hex of the token it was made from (auth.tokens[].sha256); null for sessions older than that rule. */
  tokenHash: string | null;
  createdAt: number;
  expiresAt: number;
}

/**
 * Browser sessions. The store never sees a session id, only its hash (the auth domain hashes), so
 * a copy of the database cannot be replayed as cookies.
 */
export interface SessionStore {
  insert(session: StoredSession): Promise<void>;
  /** The session with this hash that is still valid at `now`. */
  find(idHash: string, now: number): Promise<StoredSession | undefined>;
  delete(idHash: string): Promise<void>;
  /** Drops sessions expired at `now`. */
  deleteExpired(now: number): Promise<void>;
  /** Drops every session whose token hash is not one of `tokenHashes` (a token left the config). */
  deleteUnlessTokenIn(tokenHashes: readonly string[]): Promise<number>;
}

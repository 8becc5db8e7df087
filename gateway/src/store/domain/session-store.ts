/** A browser session as stored: only the SHA-256 of the id the browser holds. */
export interface StoredSession {
  idHash: string;
  /** The token owner's name; the role is looked up from the config on every request. */
  name: string;
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
}

/** A pending confirmation as stored: keyed by the SHA-256 of the token, never the token. */
export interface StoredConfirmation {
  tokenHash: string;
  actor: string;
  serviceId: string;
  operationId: string;
  paramsHash: string;
  expiresAt: number;
}

/**
 * Confirmation tokens of mutating operations, stored so a confirmation survives a restart. The
 * store sees only token hashes (the operations domain hashes), so a copy of the database holds no
 * usable token.
 */
export interface ConfirmTokenStore {
  put(confirmation: StoredConfirmation): Promise<void>;
  get(tokenHash: string): Promise<StoredConfirmation | undefined>;
  /** Removes the token; true only for the one caller that removed it (spending is single-use). */
  spend(tokenHash: string): Promise<boolean>;
  /** Drops tokens expired at `now`. */
  deleteExpired(now: number): Promise<void>;
}

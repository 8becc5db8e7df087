/** One failed login: the client key (its address) and when. */
export interface LoginFailure {
  key: string;
  at: number;
}

/**
 * Failed logins, kept so a restart does not hand an attacker a fresh allowance. The limiter
 * (auth/login-limiter.ts) decides; the store only remembers, bounded: at most `keepPerKey` rows
 * per key, and keys the limiter forgets are deleted. It is a keyed rate-limit log: the verify
 * limiter (operations/verify-limit.ts) keeps its runs here too, under `verify <caller>` keys,
 * which no client address (a login key) can be.
 */
export interface LoginFailureStore {
  /** Appends a failure and drops that key's rows beyond the newest `keepPerKey`. */
  record(failure: LoginFailure, keepPerKey: number): Promise<void>;
  /** Every failure at or after `since`, oldest first (to restore the limiter at start). */
  since(since: number): Promise<LoginFailure[]>;
  forget(key: string): Promise<void>;
  /** Drops failures before `before`. */
  prune(before: number): Promise<void>;
}

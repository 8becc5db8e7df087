import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { LoginFailureStore } from '../store/domain/login-failure-store.js';
import type { SessionStore } from '../store/domain/session-store.js';
import { LoginLimiter, type LoginLimits } from './login-limiter.js';
import { Sessions } from './sessions.js';
import { TokenDirectory } from './token-directory.js';

/** The token directory, sessions and login limiter of one gateway, shared by authenticate() and the session router. */
export interface AuthServices {
  tokens: TokenDirectory;
  sessions: Sessions;
  limiter: LoginLimiter;
  /**
   * Applies the tokens of a reloaded config: sessions of tokens that left it (removed, or the
   * same name with a new hash) end now; returns how many were deleted.
   */
  reconfigure(config: Pick<AetherConfig, 'auth'>): Promise<number>;
}

export async function createAuthServices(deps: {
  config: Pick<AetherConfig, 'auth'>;
  clock: Clock;
  sessionStore: SessionStore;
  /** Where failed logins are kept across restarts; without it they live in memory only. */
  loginFailureStore?: LoginFailureStore;
  /** Overrides auth.loginLimit; tests lower them. */
  loginLimits?: Partial<LoginLimits>;
}): Promise<AuthServices> {
  const { loginLimit } = deps.config.auth;
  const limiter = new LoginLimiter(
    deps.clock,
    {
      maxFailures: loginLimit.maxFailures,
      windowMs: loginLimit.window,
      maxTracked: loginLimit.maxTracked,
      ...deps.loginLimits,
    },
    deps.loginFailureStore,
  );
  await limiter.restore();
  const tokens = new TokenDirectory(deps.config);
  const sessions = new Sessions(deps.sessionStore, deps.clock, deps.config.auth.sessionTtl);
  // a token removed or rotated in the config ends its sessions now, not at their expiry
  await sessions.dropUnlessTokenIn(tokens.hashes());
  return {
    tokens,
    sessions,
    limiter,
    async reconfigure(config) {
      tokens.replace(config);
      return sessions.dropUnlessTokenIn(tokens.hashes());
    },
  };
}

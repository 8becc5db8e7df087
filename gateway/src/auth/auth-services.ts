import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { SessionStore } from '../store/domain/session-store.js';
import { LoginLimiter, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-limiter.js';
import { Sessions } from './sessions.js';
import { TokenDirectory } from './token-directory.js';

/** The token directory, sessions and login limiter of one gateway, shared by authenticate() and the session router. */
export interface AuthServices {
  tokens: TokenDirectory;
  sessions: Sessions;
  limiter: LoginLimiter;
}

export function createAuthServices(deps: {
  config: Pick<AetherConfig, 'auth'>;
  clock: Clock;
  sessionStore: SessionStore;
  /** Failed-login limits; tests lower them. */
  loginLimits?: LoginLimits;
}): AuthServices {
  return {
    tokens: new TokenDirectory(deps.config),
    sessions: new Sessions(deps.sessionStore, deps.clock, deps.config.auth.sessionTtl),
    limiter: new LoginLimiter(deps.clock, deps.loginLimits ?? DEFAULT_LOGIN_LIMITS),
  };
}

import type Database from 'better-sqlite3';
import type { AetherConfig } from '../config/schema.js';
import type { Clock } from '../clock.js';
import { LoginLimiter, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-limiter.js';
import { SessionStore } from './session-store.js';
import { TokenDirectory } from './token-directory.js';

export interface AuthDeps {
  config: AetherConfig;
  db: Database.Database;
  clock: Clock;
  /** Failed-login limits; tests lower them. */
  loginLimits?: LoginLimits;
}

export interface AuthServices {
  tokens: TokenDirectory;
  sessions: SessionStore;
  limiter: LoginLimiter;
}

const built = new WeakMap<AuthDeps, AuthServices>();

/**
 * The token directory, session store and login limiter of one app. authenticate() and the session
 * router are built separately from the same deps object and must share these, so they are made
 * once per deps object.
 */
export function authServices(deps: AuthDeps): AuthServices {
  let services = built.get(deps);
  if (!services) {
    services = {
      tokens: new TokenDirectory(deps.config),
      sessions: new SessionStore(deps.db, deps.clock, deps.config.auth.sessionTtl),
      limiter: new LoginLimiter(deps.clock, deps.loginLimits ?? DEFAULT_LOGIN_LIMITS),
    };
    built.set(deps, services);
  }
  return services;
}

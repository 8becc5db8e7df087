import type { ApiClient, Identity, PanelAuth } from '@aether/contract';
import { ApiError } from '../contract-runtime';

/** Who a caller is when the gateway has no session endpoint (yet): a read-only viewer. */
export const ANONYMOUS_VIEWER: Identity = {
  name: 'anonymous',
  role: 'viewer',
  authenticated: false,
};

export interface AuthStore extends PanelAuth {
  /** Asks the gateway who we are (GET /api/session). */
  refresh(): Promise<Identity>;
  /** Whether the gateway offers sign-in at all (false when /api/session answers 404). */
  readonly loginAvailable: boolean;
}

export class LoginUnavailableError extends Error {
  constructor() {
    super('This gateway does not offer sign-in yet; you are a viewer.');
    this.name = 'LoginUnavailableError';
  }
}

export function createAuthStore(api: ApiClient): AuthStore {
  let user: Identity = ANONYMOUS_VIEWER;
  let loginAvailable = true;
  const listeners = new Set<(user: Identity) => void>();

  const set = (next: Identity) => {
    user = next;
    for (const listener of listeners) listener(user);
  };

  return {
    get user() {
      return user;
    },
    get loginAvailable() {
      return loginAvailable;
    },
    async refresh() {
      try {
        set(await api.get<Identity>('/api/session'));
        loginAvailable = true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          loginAvailable = false;
          set(ANONYMOUS_VIEWER);
        } else if (error instanceof ApiError && error.status === 401) {
          set({ name: 'anonymous', role: null, authenticated: false });
        }
        // A network failure keeps what we knew; the connection indicator says the gateway is away.
      }
      return user;
    },
    async login(token) {
      try {
        const identity = await api.post<Identity>('/api/session', { body: { token } });
        set(identity);
        return identity;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405))
          throw new LoginUnavailableError();
        throw error;
      }
    },
    async logout() {
      try {
        await api.delete('/api/session');
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      await this.refresh();
      if (user.authenticated) set(ANONYMOUS_VIEWER);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

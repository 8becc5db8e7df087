import type { Identity } from './auth.js';
import type { AetherEvent, EventName } from './events.js';
import type { Problem } from './common.js';
import { PANEL_CONTEXT_VERSION } from './panel-context-version.js';

/**
 * What the shell hands every panel (the federated module's default export receives it as the
 * `context` prop). Versioned: a panel exports `contextVersion` (a major such as "1") and the
 * shell refuses a panel whose major differs from PANEL_CONTEXT_VERSION's.
 */
export interface PanelContext {
  /** Semver of this context, e.g. "1.0.0". */
  contextVersion: string;
  panel: { id: string; version: string };
  api: ApiClient;
  auth: PanelAuth;
  events: PanelEvents;
  navigation: PanelNavigation;
  theme: 'dark' | 'light';
}

/** Thrown by ApiClient for any non-2xx answer; carries the gateway's problem+json. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly problem: Problem,
    /** The full JSON body, e.g. a 428 ConfirmationRequired. */
    public readonly body: unknown = problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** Shell and panels are separate bundles with their own copy of this class: match by brand, not identity. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      value instanceof Error &&
      value.name === 'ApiError' &&
      typeof (value as ApiError).status === 'number'
    );
  }
}

/** Gateway unreachable (network error, CORS, aborted). */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'NetworkError';
  }
}

export interface ApiRequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Bound to the gateway's base URL; sends credentials (session cookie) and the CSRF header. */
/** One page of a paged list: its items and where the next page is (Link rel="next"), if any. */
export interface ApiPage<T> {
  data: T;
  /**
   * The next page's path and query as the gateway's `Link: <…>; rel="next"` gives it (e.g.
   * `/api/services?limit=100&cursor=C`), to pass back to getPage; null on the last page.
   */
  next: string | null;
}

export interface ApiClient {
  readonly baseUrl: string;
  get<T = unknown>(path: string, options?: ApiRequestOptions): Promise<T>;
  /**
   * A GET of a paged list that also reads the answer's `Link` header (context 1.1). `path` may
   * carry its own query (a `next` from the previous page); `options.query` adds to it.
   */
  getPage<T = unknown>(path: string, options?: ApiRequestOptions): Promise<ApiPage<T>>;
  post<T = unknown>(path: string, options?: ApiRequestOptions): Promise<T>;
  put<T = unknown>(path: string, options?: ApiRequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: ApiRequestOptions): Promise<T>;
}

export interface PanelAuth {
  readonly user: Identity;
  login(token: string): Promise<Identity>;
  logout(): Promise<void>;
  /** Called whenever the user changes; returns an unsubscribe function. */
  subscribe(listener: (user: Identity) => void): () => void;
}

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

/**
 * The shell owns the single SSE connection and fans events out to panels. The stream carries no
 * `snapshot` at its start (the shell opens it with `?snapshot=false`): a panel reads its own first
 * state through the API and, when the connection is `live` again after a drop, catches up (e.g.
 * `GET /api/services/changes?since=`); a `snapshot` comes only when a resume was too old for the
 * gateway's replay.
 */
export interface PanelEvents {
  subscribe(types: EventName[] | '*', listener: (event: AetherEvent) => void): () => void;
  readonly connection: ConnectionState;
  /** Time of the last event or heartbeat (epoch ms), for "data is N s old". */
  readonly lastEventAt: number | null;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Routes under /p/<panel-id>/…; paths given here are relative to that prefix. */
export interface PanelNavigation {
  /** e.g. "/services/orders?status=down" */
  readonly path: string;
  navigate(path: string, options?: { replace?: boolean }): void;
  subscribe(listener: (path: string) => void): () => void;
  /** Absolute href for a panel-relative path (for <a href>). */
  href(path: string): string;
  /**
   * The page another panel declares for `kind` (a panel's `links` export, e.g.
   * "operationDryRun"), filled with `id` (and `operation`), or null while no enabled panel
   * declares one: how a panel links into another without knowing its id. Optional: a shell
   * from before it lacks it, and the panel then shows the text without the link.
   */
  declared?(kind: string, id?: string, operation?: string): Promise<DeclaredPage | null>;
}

/** Another panel's page, for `<a href>` and for going there as a click on it would. */
export interface DeclaredPage {
  href: string;
  open(): void;
}

/** Returns undefined when compatible, or the reason a panel needing `required` is refused. */
export function contextIncompatibility(
  required: unknown,
  provided = PANEL_CONTEXT_VERSION,
): string | undefined {
  if (typeof required !== 'string' || !/^\d+/.test(required)) {
    return `the panel does not declare a valid contextVersion (got ${JSON.stringify(required)})`;
  }
  const need = Number(/^(\d+)/.exec(required)![1]);
  const have = Number(/^(\d+)/.exec(provided)![1]);
  return need === have
    ? undefined
    : `the panel needs panel context v${need}, this shell provides v${provided}`;
}

/** Name a panel's federated remote must have, derived from its registry id. */
export function remoteNameFor(panelId: string): string {
  return `aether_panel_${panelId.replace(/-/g, '_')}`;
}

import { shellContentSecurityPolicy, type ShellCspInput } from '@aether/contract/panel-runtime';

export interface CspSourceOptions {
  /** The gateway's base URL or its /api/panels URL. */
  registryUrl: string;
  refreshMs?: number;
  extraSources?: readonly string[];
  /**
   * A viewer token of the static server's own (AETHER_STATIC_TOKEN), sent as a bearer: a gateway
   * with auth.anonymous none answers the registry to callers with a token only.
   */
  token?: string;
  fetchImpl?: typeof fetch;
  onError?: (error: Error) => void;
}

/**
 * The shell's CSP, computed from the gateway's panel registry and refreshed on an interval.
 * Until the registry has answered once, the policy allows no panel origin at all (fail closed);
 * after that, a failed refresh keeps the last good policy.
 */
export class RegistryCsp {
  readonly gatewayUrl: string;
  private readonly panelsUrl: string;
  private policy: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly fetchImpl: typeof fetch;
  lastRefreshOk = false;

  constructor(private readonly options: CspSourceOptions) {
    const url = new URL(options.registryUrl);
    if (!url.pathname.endsWith('/api/panels'))
      url.pathname = `${url.pathname.replace(/\/$/, '')}/api/panels`;
    this.panelsUrl = url.toString();
    this.gatewayUrl = url.origin;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.policy = this.compute([]);
  }

  private compute(panels: ShellCspInput['panels']): string {
    return shellContentSecurityPolicy({
      gatewayUrl: this.gatewayUrl,
      panels,
      extraSources: this.options.extraSources,
    });
  }

  get current(): string {
    return this.policy;
  }

  async refresh(): Promise<void> {
    try {
      const response = await this.fetchImpl(this.panelsUrl, {
        headers: {
          accept: 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`${this.panelsUrl} answered HTTP ${response.status}`);
      const panels = (await response.json()) as unknown;
      if (
        !Array.isArray(panels) ||
        !panels.every((p) => typeof (p as { entry?: unknown })?.entry === 'string')
      ) {
        throw new Error(`${this.panelsUrl} did not answer a panel list`);
      }
      this.policy = this.compute(panels as ShellCspInput['panels']);
      this.lastRefreshOk = true;
    } catch (error) {
      this.lastRefreshOk = false;
      this.options.onError?.(error as Error);
    }
  }

  /** First refresh now, then every refreshMs (unref'd: it never keeps the process alive). */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

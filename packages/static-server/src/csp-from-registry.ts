import { shellContentSecurityPolicy, type ShellCspInput } from '@aether/contract/panel-runtime';
import {
  declaredRequests,
  panelOfPage,
  panelPathOf,
  panelPreloads,
  type PanelManifest,
  type PanelPreloads,
  type RegistryPanel,
} from './shell-boot.js';

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

/** Beside a panel's manifest: the gateway reads its pages' first paint waits for (shell-boot.ts). */
const FIRST_REQUESTS = 'aether-first-requests.json';

interface Resolved {
  key: string;
  preloads: PanelPreloads;
  declared: unknown;
}

/**
 * The shell's CSP, computed from the gateway's panel registry and refreshed on an interval.
 * Until the registry has answered once, the policy allows no panel origin at all (fail closed);
 * after that, a failed refresh keeps the last good policy.
 *
 * The same read is what the shell's HTML carries (`registry`, `preloadsFor`), so a page and its
 * policy always agree: the registry itself, when anyone may read it (no token of the server's
 * own), and each panel's scripts to preload, from its federation manifest.
 */
export class RegistryCsp {
  readonly gatewayUrl: string;
  private readonly panelsUrl: string;
  private policy: string;
  private panels: RegistryPanel[] | undefined;
  /** Preloads per panel id, resolved from manifests (cached per entry, version and module). */
  private preloads = new Map<string, Resolved>();
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
      this.panels = panels as RegistryPanel[];
      this.lastRefreshOk = true;
      await this.resolvePreloads(this.panels);
    } catch (error) {
      this.lastRefreshOk = false;
      this.options.onError?.(error as Error);
    }
  }

  /**
   * The registry as last read, for the shell's HTML: undefined before a good read, and when the
   * server reads it with a token (a registry closed to anonymous callers stays out of the page).
   */
  get registry(): { url: string; panels: RegistryPanel[] } | undefined {
    if (this.options.token || !this.panels) return undefined;
    return { url: this.panelsUrl, panels: this.panels };
  }

  /**
   * What to preload on a page of the shell: the scripts of the panel a /p/<id> page shows, and the
   * gateway reads it declares for that page (none when the page has a query: another view).
   */
  preloadsFor(pathname: string, search = ''): PanelPreloads | undefined {
    if (this.options.token) return undefined;
    const id = panelOfPage(pathname);
    const resolved = id === undefined ? undefined : this.preloads.get(id);
    if (!resolved) return undefined;
    const requests = search
      ? undefined
      : declaredRequests(resolved.declared, panelPathOf(pathname));
    return requests ? { ...resolved.preloads, requests } : resolved.preloads;
  }

  /** Reads the manifest of each enabled panel whose entry is one, unless already read for it. */
  private async resolvePreloads(panels: RegistryPanel[]): Promise<void> {
    if (this.options.token) return;
    const next = new Map<string, Resolved>();
    await Promise.all(
      panels
        .filter((p) => !p.disabled && typeof p.id === 'string' && /\.json(\?|$)/.test(p.entry))
        .map(async (panel) => {
          const key = [panel.entry, panel.version, panel.module, panel.integrity].join('\n');
          const known = this.preloads.get(panel.id);
          if (known?.key === key) return void next.set(panel.id, known);
          const read = async (url: string) => {
            const response = await this.fetchImpl(url, {
              headers: { accept: 'application/json' },
              signal: AbortSignal.timeout(5_000),
            });
            return response.ok ? ((await response.json()) as unknown) : undefined;
          };
          try {
            const [manifest, declared] = await Promise.all([
              read(panel.entry),
              // optional: a panel without one has no early reads
              read(new URL(FIRST_REQUESTS, panel.entry).href).catch(() => undefined),
            ]);
            const preloads = manifest ? panelPreloads(panel, manifest as PanelManifest) : undefined;
            if (preloads) next.set(panel.id, { key, preloads, declared });
          } catch {
            // no preloads for this panel: the shell loads it as it would anyway
          }
        }),
    );
    this.preloads = next;
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

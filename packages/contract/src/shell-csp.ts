/**
 * The shell's Content-Security-Policy, computed from the panel registry: scripts and
 * connections from the shell's own origin, the gateway, and exactly the origins of the
 * enabled panels' entries. No 'unsafe-inline' or 'unsafe-eval' for scripts. Styles allow
 * inline attributes (React style props, animation); panels' stylesheets come from their origins.
 * Zod-free: the static server serving the shell and the gateway both use it.
 */
export interface ShellCspInput {
  /** Base URL of the gateway the shell talks to (API + SSE); relative or empty means same origin. */
  gatewayUrl: string;
  panels: ReadonlyArray<{ entry: string; disabled?: boolean }>;
  /** Extra sources for script-src and connect-src, e.g. a deploy host ("http://127.0.0.1:*"). */
  extraSources?: readonly string[];
}

function originOf(url: string): string | undefined {
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** Origins of enabled panels, sorted and without duplicates. */
export function panelOrigins(panels: ShellCspInput['panels']): string[] {
  const origins = panels.filter((p) => !p.disabled).map((p) => originOf(p.entry));
  return [...new Set(origins.filter((o): o is string => o !== undefined))].sort();
}

export function shellContentSecurityPolicy({
  gatewayUrl,
  panels,
  extraSources = [],
}: ShellCspInput): string {
  const remotes = [...panelOrigins(panels), ...extraSources];
  const gateway = originOf(gatewayUrl);
  const join = (...sources: Array<string | undefined>) =>
    [...new Set(sources.filter(Boolean))].join(' ');
  const directives: Array<[string, string]> = [
    ['default-src', "'self'"],
    ['script-src', join("'self'", ...remotes)],
    ['connect-src', join("'self'", gateway, ...remotes)],
    ['style-src', join("'self'", "'unsafe-inline'", ...remotes)],
    ['img-src', join("'self'", 'data:', ...remotes)],
    ['font-src', join("'self'", 'data:', ...remotes)],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

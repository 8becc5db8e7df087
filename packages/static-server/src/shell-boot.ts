/**
 * What the shell's HTML carries so a cold load needs no gateway round trip before a panel's code:
 * the panel registry as a JSON data block (read by the shell instead of GET /api/panels) and, on a
 * panel's page (/p/<id>…), modulepreload links for that panel's remote entry and the scripts its
 * exposed module imports at once, so they download beside the shell's own instead of after it.
 */

export interface RegistryPanel {
  id: string;
  entry: string;
  module?: string;
  version?: string;
  integrity?: string;
  disabled?: boolean;
}

/** A federation manifest (mf-manifest.json), the parts the preloads need. */
export interface PanelManifest {
  metaData?: { publicPath?: string; remoteEntry?: { name?: string; path?: string } };
  exposes?: Array<{ name?: string; path?: string; assets?: { js?: { sync?: string[] } } }>;
}

/** One panel's scripts to preload: its remote entry (with the registry's SRI, if any), then the rest. */
export interface PanelPreloads {
  entry: string;
  integrity?: string;
  scripts: string[];
  /**
   * Gateway reads (path and query) the panel's first paint of this page waits for, as the panel
   * declares them in aether-first-requests.json beside its manifest: the shell's early script
   * starts them and hands each answer to the first GET of exactly that URL.
   */
  requests?: string[];
}

/**
 * The reads a panel declares for one of its pages (panel-relative path, no query: a page with a
 * query is another view), kept to GETs of the gateway's /api/. A page named with `:name` segments
 * is a pattern for the pages of one kind (`/deploys/:id`): each stands for one segment of the
 * path, written into the reads where they name it (`/api/deploys/:id/comparison`) URI-encoded as
 * a panel's own `encodeURIComponent` does. A page named as it is wins over a pattern.
 */
export function declaredRequests(declared: unknown, panelPath: string): string[] | undefined {
  if (typeof declared !== 'object' || declared === null) return undefined;
  const pages = declared as Record<string, unknown>;
  const exact = Object.hasOwn(pages, panelPath) ? pages[panelPath] : undefined;
  const [listed, params] =
    exact !== undefined ? [exact, {}] : (patternMatch(pages, panelPath) ?? [undefined, {}]);
  if (!Array.isArray(listed)) return undefined;
  const requests = listed
    .filter((r): r is string => typeof r === 'string')
    .map((r) => r.replace(/:([A-Za-z_]\w*)/g, (name, key: string) => params[key] ?? name))
    .filter((r) => r.startsWith('/api/') && !r.includes('#') && !/\/:[A-Za-z_]/.test(r));
  return requests.length ? requests : undefined;
}

/** The first declared page pattern the path matches, with its segments by name. */
function patternMatch(
  pages: Record<string, unknown>,
  panelPath: string,
): [unknown, Record<string, string>] | undefined {
  const segments = panelPath.split('/');
  for (const [page, listed] of Object.entries(pages)) {
    if (!page.includes('/:')) continue;
    const parts = page.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i]!;
      if (!part.startsWith(':')) return part === segment;
      if (!segment) return false;
      try {
        params[part.slice(1)] = encodeURIComponent(decodeURIComponent(segment));
        return true;
      } catch {
        return false; // not a segment the panel could read either
      }
    });
    if (matches) return [listed, params];
  }
  return undefined;
}

/** The page's path inside the panel it shows (/p/health → "/", /p/health/slos → "/slos"). */
export function panelPathOf(pathname: string): string {
  return pathname.replace(/^\/p\/[^/]+/, '') || '/';
}

/** The id of the panel a page shows (/p/<id> or below), if any. */
export function panelOfPage(pathname: string): string | undefined {
  const match = /^\/p\/([^/?#]+)/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * The scripts a panel's first mount imports, from its manifest: the remote entry (where the shell
 * resolves it: next to the manifest when publicPath is "auto") and the sync assets of the exposed
 * module the registry names. Undefined when the manifest does not list them.
 */
export function panelPreloads(
  panel: RegistryPanel,
  manifest: PanelManifest,
): PanelPreloads | undefined {
  const remoteEntry = manifest.metaData?.remoteEntry;
  if (!remoteEntry?.name) return undefined;
  const { publicPath } = manifest.metaData!;
  try {
    const base =
      !publicPath || publicPath === 'auto' ? panel.entry : new URL(publicPath, panel.entry).href;
    const dir = remoteEntry.path ? remoteEntry.path.replace(/\/?$/, '/') : '';
    const entry = new URL(`${dir}${remoteEntry.name}`, base).href;
    const bare = (panel.module ?? './Panel').replace(/^\.\//, '');
    const exposed = manifest.exposes?.find(
      (e) => e.path === `./${bare}` || e.name === bare || e.path === bare,
    );
    const scripts = (exposed?.assets?.js?.sync ?? [])
      .filter((s) => typeof s === 'string' && /\.m?js$/.test(s))
      .map((s) => new URL(s, base).href)
      .filter((url) => /^https?:/.test(url));
    return { entry, ...(panel.integrity ? { integrity: panel.integrity } : {}), scripts };
  } catch {
    return undefined;
  }
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The HTML with the registry's data block (id "aether-registry": the URL it was read from, its
 * panels and the gateway reads to start early: by default those of the panel's page) and the preload links inserted before the head's first script (which may read the
 * block), else before </head>. The JSON cannot end the block early: every "<" in it is written as
 * \u003c.
 */
export function withBootData(
  html: string,
  registry: { url: string; panels: readonly RegistryPanel[] } | undefined,
  preloads: PanelPreloads | undefined,
  requests: readonly string[] | undefined = preloads?.requests,
): string {
  const tags: string[] = [];
  if (registry) {
    const json = JSON.stringify(requests?.length ? { ...registry, requests } : registry).replace(
      /</g,
      '\\u003c',
    );
    tags.push(`<script type="application/json" id="aether-registry">${json}</script>`);
  }
  if (preloads) {
    tags.push(
      `<link rel="modulepreload" href="${attribute(preloads.entry)}"${preloads.integrity ? ` integrity="${attribute(preloads.integrity)}"` : ''} />`,
      ...preloads.scripts.map((s) => `<link rel="modulepreload" href="${attribute(s)}" />`),
    );
  }
  if (!tags.length) return html;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd < 0) return html;
  const script = html.slice(0, headEnd).search(/<script\b/i);
  const at = script < 0 ? headEnd : script;
  return `${html.slice(0, at)}${tags.join('\n    ')}\n    ${html.slice(at)}`;
}

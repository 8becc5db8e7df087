import type { Panel } from '@aether/contract';

declare global {
  interface Window {
    /** Requests public/early-requests.js started while the modules downloaded. */
    __AETHER_EARLY__?: { gatewayUrl: string; panels?: Promise<Response> };
  }
}

/**
 * A fetch that answers the shell's first GET of the panel registry with the request
 * public/early-requests.js started as the page's head was parsed (a few hundred ms before the
 * module graph has loaded and the registry store asks), once, when it was made to the same
 * gateway; every other request, and that one when the early one failed, goes out as usual.
 */
export function withEarlyAnswers(
  fetchImpl: typeof fetch,
  gatewayUrl: string,
  early: Window['__AETHER_EARLY__'] = typeof window === 'undefined'
    ? undefined
    : window.__AETHER_EARLY__,
): typeof fetch {
  let panels = early?.gatewayUrl === gatewayUrl ? early.panels : undefined;
  const registryUrl = `${gatewayUrl}/api/panels`;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (panels && url === registryUrl && (init?.method ?? 'GET') === 'GET') {
      const answer = panels;
      panels = undefined; // a body is read once: the next read of the registry is a fresh one
      return answer.catch(() => fetchImpl(input, init));
    }
    return fetchImpl(input, init);
  };
}

const isPanel = (p: unknown): p is Panel => {
  const panel = p as Partial<Record<keyof Panel, unknown>> | null;
  return (
    typeof panel === 'object' &&
    panel !== null &&
    ['id', 'title', 'entry', 'module', 'version'].every(
      (key) => typeof panel[key as keyof Panel] === 'string',
    )
  );
};

/**
 * The panel registry the server of the shell's HTML wrote into it (aether-static's
 * `<script type="application/json" id="aether-registry">`, the same read its CSP follows), when it
 * was read from this gateway: the shell then starts from it instead of waiting for GET
 * /api/panels. Undefined without one, for another gateway, or when it is not a panel list.
 */
export function inlinedRegistry(
  gatewayUrl: string,
  doc: Document | undefined = typeof document === 'undefined' ? undefined : document,
): Panel[] | undefined {
  const text = doc?.getElementById('aether-registry')?.textContent;
  if (!text) return undefined;
  try {
    const { url, panels } = JSON.parse(text) as { url?: unknown; panels?: unknown };
    const ours = new URL(`${gatewayUrl}/api/panels`, doc.baseURI).href;
    if (typeof url !== 'string' || new URL(url, doc.baseURI).href !== ours) return undefined;
    return Array.isArray(panels) && panels.every(isPanel) ? panels : undefined;
  } catch {
    return undefined;
  }
}

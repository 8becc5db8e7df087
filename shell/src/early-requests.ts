import type { Panel } from '@aether/contract';

declare global {
  interface Window {
    /** Requests public/early-requests.js started while the modules downloaded. */
    __AETHER_EARLY__?: {
      gatewayUrl: string;
      panels?: Promise<Response>;
      /** Reads the page named for its first paint, by absolute URL. */
      answers?: Record<string, Promise<Response>>;
    };
  }
}

/**
 * A fetch that answers the first GET of a URL public/early-requests.js started to read as the
 * page's head was parsed (the panel registry, or the reads the shown panel's first paint waits
 * for: a few hundred ms before the module graph has loaded and anyone asks), once, when it was
 * made to the same gateway; every other request, and that one when the early one failed, goes
 * out as usual. An early answer is an earlier read of the same thing, as a request sent sooner.
 */
export function withEarlyAnswers(
  fetchImpl: typeof fetch,
  gatewayUrl: string,
  early: Window['__AETHER_EARLY__'] = typeof window === 'undefined'
    ? undefined
    : window.__AETHER_EARLY__,
): typeof fetch {
  const ours = early?.gatewayUrl === gatewayUrl;
  const answers = new Map<string, Promise<Response>>(
    ours ? Object.entries(early.answers ?? {}) : [],
  );
  if (ours && early.panels) answers.set(`${gatewayUrl}/api/panels`, early.panels);
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const answer = (init?.method ?? 'GET') === 'GET' ? answers.get(url) : undefined;
    if (!answer) return fetchImpl(input, init);
    answers.delete(url); // a body is read once: the next read of the URL is a fresh one
    const signal = init?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const fresh = answer.catch(() => fetchImpl(input, init));
    if (!signal) return fresh;
    return new Promise<Response>((resolve, reject) => {
      const abort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', abort, { once: true });
      fresh.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  };
}

/**
 * Settles once every read the page named for its first paint (the early answers to this gateway)
 * is answered or failed; at once when it named none. What the first paint does not need (who is
 * signed in, the tab title's counts) waits for it, so it neither queues beside those reads at the
 * gateway nor takes the browser's connections to it.
 */
export function firstReadsDone(
  gatewayUrl: string,
  early: Window['__AETHER_EARLY__'] = typeof window === 'undefined'
    ? undefined
    : window.__AETHER_EARLY__,
): Promise<void> {
  if (early?.gatewayUrl !== gatewayUrl) return Promise.resolve();
  return Promise.allSettled(Object.values(early.answers ?? {})).then(() => undefined);
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

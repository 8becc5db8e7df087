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

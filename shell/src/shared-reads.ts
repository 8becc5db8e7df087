/**
 * A fetch that sends one request for GETs of the same URL asked while the first is in flight: each
 * caller gets its own copy of the answer (`Response.clone()`; the last one the answer itself). The
 * shell and the panel each read what they show at the same moment of a cold load (the tab title
 * and the health list both GET /api/summary: at 10,000 services, each one a walk of the gateway's
 * whole list); one read serves both. An answer that has arrived is not kept: a later GET is a
 * fresh read. A caller's abort rejects its own promise; the request is cancelled when every caller
 * has let go of it. Only plain reads share (no body, no cache or mode option, same headers and
 * credentials); anything else goes out as asked.
 */
export function withSharedReads(fetchImpl: typeof fetch): typeof fetch {
  interface InFlight {
    answer: Promise<Response>;
    callers: number;
    controller: AbortController;
  }
  const inFlight = new Map<string, InFlight>();

  return (input, init) => {
    const key = typeof input === 'string' ? keyOf(input, init) : undefined;
    if (key === undefined) return fetchImpl(input, init);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);

    let shared = inFlight.get(key);
    if (!shared) {
      const controller = new AbortController();
      const started: InFlight = {
        answer: fetchImpl(input, { ...init, signal: controller.signal }),
        callers: 0,
        controller,
      };
      const forget = () => inFlight.get(key) === started && inFlight.delete(key);
      started.answer.then(forget, forget);
      inFlight.set(key, started);
      shared = started;
    }
    const mine = shared;
    mine.callers++;
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const abort = () => {
        if (settled) return;
        settled = true;
        reject(signal!.reason as Error);
        if (--mine.callers === 0 && inFlight.get(key) === mine) {
          inFlight.delete(key);
          mine.controller.abort(signal!.reason);
        }
      };
      signal?.addEventListener('abort', abort, { once: true });
      mine.answer.then(
        (response) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', abort);
          // the others waiting take copies first (these callbacks run in a row); the last one
          // takes the answer itself, so a read nobody shared is never copied
          resolve(--mine.callers === 0 ? response : response.clone());
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', abort);
          reject(error as Error);
        },
      );
    });
  };
}

const SHAREABLE = new Set(['method', 'headers', 'credentials', 'signal', 'body']);

/** What makes two GETs the same read, or undefined when the request is not a plain read. */
function keyOf(url: string, init: RequestInit | undefined): string | undefined {
  if ((init?.method ?? 'GET').toUpperCase() !== 'GET') return undefined;
  if (init && Object.keys(init).some((k) => !SHAREABLE.has(k))) return undefined;
  if (init?.body !== undefined && init.body !== null) return undefined;
  const headers = [...new Headers(init?.headers).entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return JSON.stringify([url, init?.credentials ?? '', headers]);
}

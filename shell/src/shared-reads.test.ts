import { describe, expect, it } from 'vitest';
import { withSharedReads } from './shared-reads';

const GW = 'http://gateway.test';

/** A fetch whose answers the test gives, one per request it was asked. */
function heldFetch() {
  const asked: {
    url: string;
    init?: RequestInit;
    response?: Response;
    answer(body: string): void;
  }[] = [];
  const fetchImpl: typeof fetch = (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = typeof input === 'string' ? input : String(input);
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
      const request: (typeof asked)[number] = {
        url,
        init,
        answer: (body) => resolve((request.response = new Response(body))),
      };
      asked.push(request);
    });
  return { fetchImpl, asked };
}

const read = { headers: { accept: 'application/json' }, credentials: 'include' } as const;

describe('withSharedReads', () => {
  it('sends one request for GETs of a URL asked while it is in flight, each caller its own body', async () => {
    const { fetchImpl, asked } = heldFetch();
    const shared = withSharedReads(fetchImpl);
    const first = shared(`${GW}/api/summary`, read);
    const second = shared(`${GW}/api/summary`, { ...read, method: 'GET' });
    expect(asked).toHaveLength(1);
    asked[0]!.answer('{"n":1}');
    expect(await (await first).text()).toBe('{"n":1}');
    expect(await (await second).text()).toBe('{"n":1}');
    // answered: the next read is a fresh one, and alone it is the answer itself, not a copy
    const third = shared(`${GW}/api/summary`, read);
    expect(asked).toHaveLength(2);
    asked[1]!.answer('{"n":2}');
    const response = await third;
    expect(response).toBe(asked[1]!.response);
    expect(await response.text()).toBe('{"n":2}');
  });

  it('does not share other URLs, other headers, other methods or requests with options of their own', () => {
    const { fetchImpl, asked } = heldFetch();
    const shared = withSharedReads(fetchImpl);
    void shared(`${GW}/api/summary`, read);
    void shared(`${GW}/api/services`, read);
    void shared(`${GW}/api/summary`, { ...read, headers: { accept: 'text/plain' } });
    void shared(`${GW}/api/summary`, { ...read, method: 'POST' });
    void shared(`${GW}/api/summary`, { ...read, cache: 'no-store' });
    void shared(new URL(`${GW}/api/summary`), read);
    expect(asked.map((a) => a.url)).toEqual([
      `${GW}/api/summary`,
      `${GW}/api/services`,
      `${GW}/api/summary`,
      `${GW}/api/summary`,
      `${GW}/api/summary`,
      `${GW}/api/summary`,
    ]);
  });

  it("rejects an aborting caller's read only, and cancels the request when every caller let go", async () => {
    const { fetchImpl, asked } = heldFetch();
    const shared = withSharedReads(fetchImpl);
    const one = new AbortController();
    const two = new AbortController();
    const first = shared(`${GW}/api/summary`, { ...read, signal: one.signal });
    const second = shared(`${GW}/api/summary`, { ...read, signal: two.signal });
    one.abort(new DOMException('left', 'AbortError'));
    await expect(first).rejects.toThrow('left');
    expect(asked[0]!.init!.signal!.aborted).toBe(false);
    two.abort(new DOMException('left too', 'AbortError'));
    await expect(second).rejects.toThrow('left too');
    expect(asked[0]!.init!.signal!.aborted).toBe(true);
    // cancelled and forgotten: a new caller gets a new request
    void shared(`${GW}/api/summary`, read);
    expect(asked).toHaveLength(2);
  });

  it('gives every caller the failure of a failed request, and reads again after it', async () => {
    let calls = 0;
    const shared = withSharedReads(() => {
      calls++;
      return Promise.reject(new TypeError('gateway down'));
    });
    const reads = [shared(`${GW}/api/summary`, read), shared(`${GW}/api/summary`, read)];
    for (const r of reads) await expect(r).rejects.toThrow('gateway down');
    expect(calls).toBe(1);
    await expect(shared(`${GW}/api/summary`, read)).rejects.toThrow('gateway down');
    expect(calls).toBe(2);
  });
});

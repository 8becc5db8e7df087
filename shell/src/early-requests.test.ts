import { describe, expect, it, vi } from 'vitest';
import { firstReadsDone, inlinedRegistry, withEarlyAnswers } from './early-requests';

const GW = 'http://gateway.test';
const early = (body: string) => Promise.resolve(new Response(body));
/** A read that failed, marked handled as early-requests.js marks its own. */
const failed = () => {
  const read = Promise.reject(new TypeError('gateway down'));
  read.catch(() => {});
  return read;
};

describe('withEarlyAnswers: the registry read started by public/early-requests.js', () => {
  it.each<[string, Window['__AETHER_EARLY__'], string, RequestInit | undefined, 'early' | 'net']>([
    [
      'the first GET of the registry',
      { gatewayUrl: GW, panels: early('early') },
      `${GW}/api/panels`,
      undefined,
      'early',
    ],
    [
      'an explicit GET',
      { gatewayUrl: GW, panels: early('early') },
      `${GW}/api/panels`,
      { method: 'GET' },
      'early',
    ],
    [
      'another path',
      { gatewayUrl: GW, panels: early('early') },
      `${GW}/api/session`,
      undefined,
      'net',
    ],
    [
      'another method',
      { gatewayUrl: GW, panels: early('early') },
      `${GW}/api/panels`,
      { method: 'PUT' },
      'net',
    ],
    [
      'a read started for another gateway',
      { gatewayUrl: 'http://other.test', panels: early('early') },
      `${GW}/api/panels`,
      undefined,
      'net',
    ],
    ['no early read', undefined, `${GW}/api/panels`, undefined, 'net'],
    [
      'an early read that failed',
      { gatewayUrl: GW, panels: failed() },
      `${GW}/api/panels`,
      undefined,
      'net',
    ],
  ])('answers %s from the %s', async (_, started, url, init, from) => {
    const network = vi.fn(() => Promise.resolve(new Response('net')));
    const fetchImpl = withEarlyAnswers(network, GW, started);
    expect(await (await fetchImpl(url, init)).text()).toBe(from);
  });

  it('uses the early answer once: the next read of the registry is a fresh one', async () => {
    const network = vi.fn(() => Promise.resolve(new Response('net')));
    const fetchImpl = withEarlyAnswers(network, GW, { gatewayUrl: GW, panels: early('early') });
    expect(await (await fetchImpl(`${GW}/api/panels`)).text()).toBe('early');
    expect(await (await fetchImpl(`${GW}/api/panels`)).text()).toBe('net');
    expect(network).toHaveBeenCalledTimes(1);
  });
});

describe('withEarlyAnswers: the reads the page named for its first paint', () => {
  const PAGE = `${GW}/api/services?limit=100`;
  const network = () => vi.fn(() => Promise.resolve(new Response('net')));

  it('answers the first GET of exactly that URL, once; other URLs and methods go out', async () => {
    const net = network();
    const fetchImpl = withEarlyAnswers(net, GW, {
      gatewayUrl: GW,
      answers: { [PAGE]: early('early') },
    });
    expect(await (await fetchImpl(`${GW}/api/services?limit=1000`)).text()).toBe('net');
    expect(await (await fetchImpl(PAGE, { method: 'HEAD' })).text()).toBe('net');
    expect(await (await fetchImpl(PAGE)).text()).toBe('early');
    expect(await (await fetchImpl(PAGE)).text()).toBe('net');
    expect(net).toHaveBeenCalledTimes(3);
  });

  it('not for another gateway', async () => {
    const net = network();
    const fetchImpl = withEarlyAnswers(net, GW, {
      gatewayUrl: 'http://other.test',
      answers: { [PAGE]: early('early') },
    });
    expect(await (await fetchImpl(PAGE)).text()).toBe('net');
  });

  it('lets the asker abort while the early read is still on its way', async () => {
    const net = network();
    const fetchImpl = withEarlyAnswers(net, GW, {
      gatewayUrl: GW,
      answers: { [PAGE]: new Promise<Response>(() => {}) },
    });
    const controller = new AbortController();
    const asked = fetchImpl(PAGE, { signal: controller.signal });
    controller.abort();
    await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
    expect(net).not.toHaveBeenCalled();
  });
});

describe('inlinedRegistry: the registry the page was served with', () => {
  const HEALTH = {
    id: 'health',
    title: 'Health',
    entry: 'http://panels.test/mf-manifest.json',
    module: './Panel',
    version: '1.0.0',
  };
  const page = (block: string | undefined) => {
    const doc = document.implementation.createHTMLDocument('shell');
    if (block !== undefined) {
      const script = doc.createElement('script');
      script.type = 'application/json';
      script.id = 'aether-registry';
      script.textContent = block;
      doc.head.append(script);
    }
    return doc;
  };

  it.each<[string, string | undefined, unknown]>([
    [
      'read from this gateway',
      JSON.stringify({ url: `${GW}/api/panels`, panels: [HEALTH] }),
      [HEALTH],
    ],
    [
      'read from another gateway',
      JSON.stringify({ url: 'http://other.test/api/panels', panels: [HEALTH] }),
      undefined,
    ],
    [
      'not a panel list',
      JSON.stringify({ url: `${GW}/api/panels`, panels: [{ id: 'health' }] }),
      undefined,
    ],
    ['not JSON', '{"url":', undefined],
    ['absent', undefined, undefined],
  ])('%s', (_, block, panels) => {
    expect(inlinedRegistry(GW, page(block))).toEqual(panels);
  });
});

describe('firstReadsDone: what waits for the reads the page named', () => {
  it('settles once every early answer to this gateway is in or failed', async () => {
    let answer!: (r: Response) => void;
    const held = new Promise<Response>((resolve) => (answer = resolve));
    const early = { gatewayUrl: GW, answers: { [`${GW}/api/a`]: held, [`${GW}/api/b`]: failed() } };
    let done = false;
    void firstReadsDone(GW, early).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(false);
    answer(new Response('{}'));
    await vi.waitFor(() => expect(done).toBe(true));
  });

  it('settles at once with none named, or for another gateway', async () => {
    const never = new Promise<Response>(() => {});
    await firstReadsDone(GW, undefined);
    await firstReadsDone(GW, { gatewayUrl: GW });
    await firstReadsDone(GW, { gatewayUrl: 'http://other.test', answers: { x: never } });
  });
});

import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, formatRequest, type ExchangeRequest } from './http-exchange.js';

const base: ExchangeRequest = { method: 'GET', path: '/health', host: 'svc:8080', headers: {} };

describe('formatRequest', () => {
  const CASES: Array<[name: string, request: Partial<ExchangeRequest>, wire: string]> = [
    [
      'a GET: host, user agent, close, no length',
      {},
      'GET /health HTTP/1.1\r\nhost: svc:8080\r\nuser-agent: aether-grid-probe\r\nconnection: close\r\n\r\n',
    ],
    [
      "the check's headers replace the defaults whatever their case",
      { headers: { Host: 'other', 'User-Agent': 'mine', 'x-probe': 'yes' } },
      'GET /health HTTP/1.1\r\nHost: other\r\nUser-Agent: mine\r\nx-probe: yes\r\nconnection: close\r\n\r\n',
    ],
    [
      'framing and the connection stay the exchange’s own',
      {
        method: 'POST',
        headers: {
          Connection: 'keep-alive',
          'Content-Length': '1',
          'transfer-encoding': 'chunked',
        },
        body: 'héllo',
      },
      'POST /health HTTP/1.1\r\nhost: svc:8080\r\nuser-agent: aether-grid-probe\r\ncontent-length: 6\r\nconnection: close\r\n\r\nhéllo',
    ],
    [
      'a POST without a body says its length is 0',
      { method: 'POST' },
      'POST /health HTTP/1.1\r\nhost: svc:8080\r\nuser-agent: aether-grid-probe\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
    ],
  ];
  it.each(CASES)('%s', (_name, request, wire) => {
    expect(formatRequest({ ...base, ...request }).toString('utf8')).toBe(wire);
  });

  it.each([
    [
      'a CR LF in a header value',
      { headers: { 'x-a': 'b\r\nGET /smuggled HTTP/1.1' } },
      /x-a has a character/,
    ],
    ['a NUL in a header value', { headers: { 'x-a': 'b\0' } }, /x-a has a character/],
    ['a space in a header name', { headers: { 'x a': 'b' } }, /header name "x a" is not valid/],
    ['a space in the method', { method: 'GET /x' }, /method "GET \/x" is not valid/],
    ['a space in the path', { path: '/a b' }, /path "\/a b" has a character/],
  ])('refuses %s', (_name, request, message) => {
    expect(() => formatRequest({ ...base, ...request })).toThrow(message);
  });
});

describe('exchange on a real connection', () => {
  let server: Server;
  let port: number;
  /** What each connection received, by the path it asked for. */
  const received = new Map<string, string>();

  beforeAll(async () => {
    server = createServer((socket) => {
      socket.on('error', () => undefined);
      let request = '';
      socket.on('data', (chunk) => {
        request += chunk.toString('latin1');
        if (!request.includes('\r\n\r\n')) return;
        const path = request.split(' ')[1]!;
        received.set(path, request);
        if (path === '/hello')
          socket.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\nx-a: 1\r\n\r\nhello');
        // the body, then a reset while the caller still holds the socket
        if (path === '/then-reset') {
          socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
          setTimeout(() => socket.resetAndDestroy(), 20);
        }
        // '/silent' answers nothing
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function open(): Promise<Socket> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    return socket;
  }
  const options = () => ({
    signal: new AbortController().signal,
    maxBodyBytes: 1024,
    read: { bytes: 0 },
  });

  it('sends the request as formatted and reads the head, then the body', async () => {
    const socket = await open();
    const request = { ...base, path: '/hello' };
    const reply = exchange(socket, request, options());
    expect(await reply.head).toEqual({
      status: 200,
      headers: { 'content-length': '5', 'x-a': '1' },
    });
    expect(await reply.body).toBe('hello');
    expect(received.get('/hello')).toBe(formatRequest(request).toString('latin1'));
    socket.destroy();
  });

  it('survives a reset that comes after the response, while the socket is still held', async () => {
    const socket = await open();
    const reply = exchange(socket, { ...base, path: '/then-reset' }, options());
    expect(await reply.body).toBe('ok');
    // an 'error' without a listener would throw here, out of the test
    await new Promise((resolve) => socket.once('close', resolve));
  });

  it('ends both promises with the signal’s reason when it aborts, and destroys the socket', async () => {
    const socket = await open();
    const controller = new AbortController();
    const reply = exchange(
      socket,
      { ...base, path: '/silent' },
      { ...options(), signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(reply.head).rejects.toBe(reason);
    await expect(reply.body).rejects.toBe(reason);
    expect(socket.destroyed).toBe(true);
  });

  it('writes nothing when the request is invalid', async () => {
    const socket = await open();
    const reply = exchange(
      socket,
      { ...base, path: '/smuggle', headers: { 'x-a': 'b\r\n\r\nGET /admin HTTP/1.1' } },
      options(),
    );
    await expect(reply.head).rejects.toThrow(/x-a has a character/);
    await expect(reply.body).rejects.toThrow(/x-a has a character/);
    expect(socket.destroyed).toBe(true);
    expect(received.has('/smuggle')).toBe(false);
    expect(received.has('/admin')).toBe(false);
  });

  it('rejects the body past the cap, counting the bytes read', async () => {
    const socket = await open();
    const read = { bytes: 0 };
    const reply = exchange(
      socket,
      { ...base, path: '/hello' },
      { ...options(), maxBodyBytes: 3, read },
    );
    expect((await reply.head).status).toBe(200);
    await expect(reply.body).rejects.toThrow('the body is over 3 bytes');
    expect(read.bytes).toBe(5);
    expect(socket.destroyed).toBe(true);
  });
});

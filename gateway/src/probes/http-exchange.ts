import type { Socket } from 'node:net';
import { HTTP_FIELD_VALUE, HTTP_TOKEN } from '../http-syntax.js';
import { ClassifiedError } from './classify-error.js';
import { ResponseParser, type ResponseHead } from './response-parser.js';

export interface ExchangeRequest {
  method: string;
  /** Path and query, as the URL encodes them. */
  path: string;
  /** The URL's host (with the port when it is not the default). */
  host: string;
  /** The check's headers: they replace the defaults of the same name (any case). */
  headers: Record<string, string>;
  body?: string;
}

export interface Exchange {
  /** Resolves at the response head (the first byte's timing). */
  head: Promise<ResponseHead>;
  /** The body as text, once complete; rejects past `maxBodyBytes`. */
  body: Promise<string>;
}

const REQUEST_TARGET = /^[\x21-\x7e\x80-\xff]+$/;
/** Methods sent without Content-Length when they have no body (as Node's client does). */
const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);
/** Framing and the connection are the exchange's own: a check cannot set them. */
const OWN = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * The request's bytes: one HTTP/1.1 request with `Connection: close` (the probe's connection is
 * its own), the check's headers over the defaults. A method, path or header HTTP does not allow
 * (a CR or LF would let a config smuggle a second request) throws instead.
 */
export function formatRequest(request: ExchangeRequest): Buffer {
  const { method, path, host, body } = request;
  if (!HTTP_TOKEN.test(method))
    throw new TypeError(`the method ${JSON.stringify(method)} is not valid`);
  if (!REQUEST_TARGET.test(path))
    throw new TypeError(`the path ${JSON.stringify(path)} has a character HTTP does not allow`);
  const fields = new Map<string, [string, string]>([
    ['host', ['host', host]],
    ['user-agent', ['user-agent', 'aether-grid-probe']],
  ]);
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HTTP_TOKEN.test(name))
      throw new TypeError(`the header name ${JSON.stringify(name)} is not valid`);
    if (!HTTP_FIELD_VALUE.test(value))
      throw new TypeError(
        `the header ${name} has a character HTTP does not allow (CR, LF or another control character)`,
      );
    const key = name.toLowerCase();
    if (!OWN.has(key)) fields.set(key, [name, value]);
  }
  let text = `${method} ${path} HTTP/1.1\r\n`;
  for (const [name, value] of fields.values()) text += `${name}: ${value}\r\n`;
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (payload) text += `content-length: ${payload.length}\r\n`;
  else if (!NO_BODY_METHODS.has(method)) text += 'content-length: 0\r\n';
  text += 'connection: close\r\n\r\n';
  const head = Buffer.from(text, 'latin1');
  return payload ? Buffer.concat([head, payload]) : head;
}

/**
 * Writes one request on `socket` (connected, plain or TLS) and reads its response with
 * ResponseParser. The signal, a socket error or a parse error end both promises (and destroy
 * the socket); the caller still destroys the socket once done, whatever happened.
 */
export function exchange(
  socket: Socket,
  request: ExchangeRequest,
  options: {
    signal: AbortSignal;
    maxBodyBytes: number;
    /** Counts the body bytes read, the one chunk that crossed the cap included. */
    read: { bytes: number };
  },
): Exchange {
  const { signal, maxBodyBytes, read } = options;
  let resolveHead!: (head: ResponseHead) => void;
  let rejectHead!: (error: unknown) => void;
  let resolveBody!: (body: string) => void;
  let rejectBody!: (error: unknown) => void;
  const head = new Promise<ResponseHead>((resolve, reject) => {
    resolveHead = resolve;
    rejectHead = reject;
  });
  const body = new Promise<string>((resolve, reject) => {
    resolveBody = resolve;
    rejectBody = reject;
  });
  // a redirect's body is never read: its failure must not become an unhandled rejection
  body.catch(() => undefined);

  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const parser = new ResponseParser(
    {
      onHead: (parsed) => resolveHead(parsed),
      onBody(chunk) {
        size += chunk.length;
        read.bytes += chunk.length;
        if (size > maxBodyBytes)
          throw new ClassifiedError(
            'body-too-large',
            `the body is over ${maxBodyBytes} bytes; probes read at most 1 MiB`,
          );
        chunks.push(chunk);
      },
      onEnd() {
        settle();
        resolveBody(Buffer.concat(chunks, size).toString('utf8'));
      },
    },
    request.method === 'HEAD',
  );

  function settle(): void {
    settled = true;
    signal.removeEventListener('abort', onAbort);
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('close', onEnd);
    // the 'error' listener stays: a reset after the response must not be an unhandled error
  }
  function fail(error: unknown): void {
    if (settled) return;
    settle();
    socket.destroy();
    // an abort surfaces as whatever the socket says next: say what aborted it
    const reason = signal.aborted ? (signal.reason as Error) : error;
    rejectHead(reason);
    rejectBody(reason);
  }
  function onAbort(): void {
    fail(signal.reason);
  }
  function onData(chunk: Buffer): void {
    try {
      parser.push(chunk);
    } catch (error) {
      fail(error);
    }
  }
  function onEnd(): void {
    try {
      parser.end();
    } catch (error) {
      fail(error);
    }
  }

  let bytes: Buffer;
  try {
    signal.throwIfAborted();
    bytes = formatRequest(request);
  } catch (error) {
    fail(error);
    return { head, body };
  }
  signal.addEventListener('abort', onAbort, { once: true });
  socket.on('data', onData);
  socket.once('end', onEnd);
  socket.once('close', onEnd);
  socket.on('error', fail);
  socket.write(bytes);
  return { head, body };
}

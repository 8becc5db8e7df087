import { lookup } from 'node:dns/promises';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { now } from './probe-result.js';
import { secureContextFor } from './secure-contexts.js';

/** Phases of one connection, in milliseconds, filled in as they happen. */
export interface ConnectionTimings {
  dns?: number;
  connect?: number;
  tls?: number;
  /** When the connection was ready for the request (performance.now()). */
  readyAt?: number;
  certificateValidTo?: string;
}

export interface TimedConnectorOptions {
  /** Extra trusted roots (PEM) for https targets. */
  ca?: string;
  signal: AbortSignal;
  timings: ConnectionTimings;
  /** Sockets opened, so the probe can destroy them whatever happens. */
  sockets: Set<Socket>;
}

/** Where to connect: the URL's parts (hostname may be a bracketed IPv6 literal). */
export interface ConnectTarget {
  protocol: string;
  hostname: string;
  port: string;
  servername?: string;
}

/**
 * Resolves, connects and (for https) handshakes itself, so each phase can be timed; a fresh
 * connection per probe keeps the phases honest (no pooled socket hides them). The socket is
 * added to `options.sockets` as soon as it exists, so the probe can destroy it whatever happens.
 */
export async function openTimed(
  target: ConnectTarget,
  options: TimedConnectorOptions,
): Promise<Socket | TLSSocket> {
  const { timings, signal } = options;
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = target.protocol === 'https:';
  const port = Number(target.port) || (https ? 443 : 80);

  let address = hostname;
  if (!isIP(hostname)) {
    const started = now();
    address = (await lookup(hostname)).address;
    timings.dns = now() - started;
  }
  signal.throwIfAborted();

  const connectStarted = now();
  const socket = netConnect({ host: address, port });
  options.sockets.add(socket);
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
  timings.connect = now() - connectStarted;
  if (!https) {
    timings.readyAt = now();
    return socket;
  }

  const tlsStarted = now();
  const secure = tlsConnect({
    socket,
    servername: isIP(hostname) ? undefined : (target.servername ?? hostname),
    host: hostname,
    secureContext: secureContextFor(options.ca),
    ALPNProtocols: ['http/1.1'],
  });
  options.sockets.add(secure);
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    secure.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    secure.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
  timings.tls = now() - tlsStarted;
  timings.certificateValidTo = secure.getPeerCertificate().valid_to;
  timings.readyAt = now();
  return secure;
}

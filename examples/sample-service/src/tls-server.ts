import { createServer } from 'node:https';
import { hostInUrl, listen } from './listen.js';
import { makeSelfSignedCert } from './self-signed-cert.js';

export interface TlsServer {
  url: string;
  port: number;
  /** The self-signed certificate (PEM), to trust it explicitly (`ca`). */
  cert: string;
  close(): Promise<void>;
}

/**
 * An HTTPS endpoint with a self-signed certificate generated at start (valid `days`, 90 by
 * default) for 127.0.0.1, ::1 and localhost: the target of tls checks and https probes.
 */
export async function createTlsServer(options: {
  port: number;
  host?: string;
  days?: number;
}): Promise<TlsServer> {
  const host = options.host ?? '127.0.0.1';
  const { key, cert } = await makeSelfSignedCert({ days: options.days });
  const server = createServer({ key, cert }, (req, res) => {
    const body = JSON.stringify({ status: 'ok', service: 'tls', path: req.url });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  const port = await listen(server, options.port, host);
  return {
    url: `https://${hostInUrl(host)}:${port}`,
    port,
    cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

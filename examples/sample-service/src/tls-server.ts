import { createServer } from 'node:https';
import { generate } from 'selfsigned';
import { hostInUrl, listen } from './listen.js';

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
  const days = options.days ?? 90;
  const notAfterDate = new Date(Date.now() + days * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Math.min(Date.now(), notAfterDate.getTime()) - 86_400_000),
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
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
    cert: pems.cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { parseArgs } from 'node:util';
import { RegistryCsp } from './csp-from-registry.js';
import { startStaticServer } from './static-server.js';

const USAGE = `Usage: aether-static --dir DIR --port N [options]

  --dir DIR                 folder to serve (required)
  --port N                  port (0 picks a free one; default 8000)
  --host H                  address to bind (default 127.0.0.1)
  --cors ORIGIN,...         origins allowed to load the files ("*" for any)
  --spa                     serve index.html for unknown page paths
  --gateway-url URL         written into <meta name="aether-gateway"> of HTML answers
  --csp-from-registry URL   Content-Security-Policy for HTML from the gateway's panel registry
                            (sends AETHER_STATIC_TOKEN, a viewer token, as its bearer); read
                            without a token, the registry also goes into the HTML, and on a
                            panel's page (/p/ID) modulepreload links for that panel's scripts
  --csp-refresh DURATION    how often to re-read the registry (default 10s; e.g. 5s, 1m)
  --csp-allow SRC,...       extra script/connect sources (e.g. http://127.0.0.1:*)
  --trust-proxy             believe X-Forwarded-Proto (HSTS when the proxy says https)
  --help`;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m)$/.exec(text);
  if (!m) throw new Error(`--csp-refresh: expected a duration such as 5s or 1m, got ${text}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'];
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      cors: { type: 'string' },
      spa: { type: 'boolean', default: false },
      'gateway-url': { type: 'string' },
      'csp-from-registry': { type: 'string' },
      'csp-refresh': { type: 'string', default: '10s' },
      'csp-allow': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.dir) throw new Error(`--dir is required\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: expected 0-65535, got ${values.port}`);

  let csp: RegistryCsp | undefined;
  if (values['csp-from-registry']) {
    csp = new RegistryCsp({
      registryUrl: values['csp-from-registry'],
      refreshMs: durationMs(values['csp-refresh']),
      extraSources: list(values['csp-allow']),
      // from the environment, never a flag: a command line is readable by every local user (ps)
      token: process.env.AETHER_STATIC_TOKEN || undefined,
      onError: (error) =>
        console.error(
          `aether-static: panel registry unavailable, keeping the last CSP: ${error.message}`,
        ),
    });
    await csp.start();
  }

  const running = await startStaticServer({
    dir: values.dir,
    port,
    host: values.host,
    spa: values.spa,
    cors: list(values.cors),
    gatewayUrl: values['gateway-url'],
    csp: csp ? () => csp.current : undefined,
    // the same read of the registry in the page: no GET /api/panels before a panel's code
    boot: csp
      ? (pathname, search) => ({
          registry: csp.registry,
          preloads: csp.preloadsFor(pathname, search),
        })
      : undefined,
    trustProxy: values['trust-proxy'],
  });
  // One parseable line: scripts (deploy-panel.sh) wait for it to learn the port.
  console.log(`aether-static listening on ${running.url} serving ${values.dir}`);

  const stop = () => {
    csp?.stop();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

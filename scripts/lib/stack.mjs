// The one launcher of the local stack, used by `npm start` (scripts/start.mjs), the browser tests
// (e2e/src/lib/stack.ts) and the front-end benchmarks (bench/src/lib/front-end-stack.ts): the
// sample fleet, the built gateway (`aether serve`), and aether-static for the shell and every
// panel, started in the order the shell's CSP needs, supervised, and stopped with every child.
// Plain JavaScript (npm start runs it with node, before anything is built); its types are in
// stack.d.mts next to it. It builds nothing: callers build first (start.mjs runs turbo).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portInUse, startProcess, waitForHttp, waitForPortFree } from './processes.mjs';

export { portInUse, startProcess, waitForHttp, waitForPortFree } from './processes.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Fleet members of examples/aether.config.yaml (`sample-service --fleet`) and their ports. */
export const SAMPLE_PORTS = {
  orders: 9101,
  cart: 9102,
  auth: 9103,
  payments: 9104,
  search: 9105,
  db: 9106,
};
export const DEFAULT_GATEWAY_PORT = 8080;
/** The demo's alert sinks (examples/alert-sinks), where examples/aether.config.yaml sends alerts. */
export const ALERT_SINK_PORTS = { http: 9200, smtp: 2525 };
/** The webhook secret the demo signs with when AETHER_WEBHOOK_SECRET is unset (sinks and gateway agree). */
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret';
export const DEFAULT_SHELL_PORT = 5173;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * The shell and every panel under panels/ (a folder with a package.json), each with the port it
 * serves on: a panel's is the --port of its `preview` script, the same rule as
 * scripts/lib/images.sh, so a new panel is served without an edit here.
 */
export function frontEnds(root = ROOT) {
  const panels = existsSync(join(root, 'panels'))
    ? readdirSync(join(root, 'panels')).filter((id) =>
        existsSync(join(root, 'panels', id, 'package.json')),
      )
    : [];
  return [
    { id: 'shell', kind: 'shell', dir: 'shell', port: DEFAULT_SHELL_PORT },
    ...panels.sort().map((id) => ({
      id,
      kind: 'panel',
      dir: `panels/${id}`,
      port: panelPort(root, id),
    })),
  ];
}

function panelPort(root, id) {
  const manifest = join(root, 'panels', id, 'package.json');
  const match = /--port[= ](\d+)/.exec(readJson(manifest).scripts?.preview ?? '');
  if (!match) throw new Error(`${manifest}: no --port N in scripts.preview (the panel's port)`);
  return Number(match[1]);
}

/** What a built front end must contain to be served. */
export function builtMarker(frontEnd) {
  return frontEnd.kind === 'shell' ? 'index.html' : 'mf-manifest.json';
}

/** aether-static's bin when packages/static-server is built. */
function staticServerBin(root) {
  const dir = join(root, 'packages/static-server');
  if (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'dist'))) return undefined;
  const { bin } = readJson(join(dir, 'package.json'));
  const file = typeof bin === 'string' ? bin : bin?.['aether-static'];
  return file && existsSync(join(dir, file)) ? join(dir, file) : undefined;
}

/**
 * The command serving one built front end: aether-static (the production server: caching,
 * compression, CORS, CSP) with the shell as a SPA whose CSP comes from the gateway's registry,
 * or a panel with CORS for the shell's origins.
 */
export function frontEndCommand({
  root = ROOT,
  frontEnd,
  port,
  dist,
  host = '127.0.0.1',
  shellOrigins,
  gatewayUrl,
  cspAllow,
}) {
  const bin = staticServerBin(root);
  if (!bin) throw new Error('packages/static-server is not built (npx turbo run build)');
  const args = [
    bin,
    '--dir',
    dist ?? join(root, frontEnd.dir, 'dist'),
    '--port',
    String(port),
    '--host',
    host,
  ];
  if (frontEnd.kind === 'shell') {
    // The browser reaches the gateway under the shell's host name (same site, so the
    // SameSite=Strict session cookie is sent): the page and its CSP name that origin.
    args.push('--spa', '--gateway-url', gatewayUrl, '--csp-from-registry', gatewayUrl);
    if (cspAllow?.length) args.push('--csp-allow', cspAllow.join(','));
  } else {
    args.push('--cors', shellOrigins.join(','));
  }
  return { command: process.execPath, args, cwd: root };
}

/**
 * Starts the stack and resolves once every piece it started answers: the sample fleet (when
 * `samples`), then the gateway and the panels side by side, then the shell — after the gateway,
 * because the shell's CSP comes from the registry and a page keeps the policy it loaded with.
 * A piece that exits on its own is reported to `onExit(name, code, signal)`.
 */
export async function startStack(options) {
  const {
    root = ROOT,
    config,
    db,
    gatewayPort = DEFAULT_GATEWAY_PORT,
    shellPort = DEFAULT_SHELL_PORT,
    panelPorts = {},
    browserHost = 'localhost',
    samples = true,
    alertSinks = samples,
    requireBuilt = true,
    gatewayEnv = {},
    gatewayNodeArgs = [],
    cspAllow = [`http://${browserHost}:*`, 'http://127.0.0.1:*'],
    onLine,
    logDir,
    onExit,
    onSkip = () => {},
  } = options;
  const gatewayUrl = `http://${browserHost}:${gatewayPort}`;
  const shellOrigins = [
    ...new Set([`http://${browserHost}:${shellPort}`, `http://127.0.0.1:${shellPort}`]),
  ];
  const served = frontEnds(root).map((f) => ({
    ...f,
    port: f.kind === 'shell' ? shellPort : (panelPorts[f.id] ?? f.port),
  }));
  const pieces = new Map();
  const extra = new Set();
  let closing = false;

  const launch = (name, command, args, cwd = root, env = {}) => {
    const piece = startProcess(name, command, args, { cwd, env, onLine, logDir });
    pieces.set(name, piece);
    void piece.exited.then(({ code, signal }) => {
      if (!closing && pieces.get(name) === piece) onExit?.(name, code, signal);
    });
    return piece;
  };
  const killAll = () => [...pieces.values(), ...extra].forEach((p) => p.child.kill('SIGKILL'));
  // a crashed caller must not leave servers holding the fixed ports
  process.once('exit', killAll);

  const webhookSecret = process.env.AETHER_WEBHOOK_SECRET ?? DEMO_WEBHOOK_SECRET;
  // The sinks are a demo nicety: not built, or their ports taken (a sink of the user's own), and
  // the stack starts without them rather than not at all.
  const startAlertSinks = async () => {
    const main = join(root, 'examples/alert-sinks/dist/main.js');
    if (!existsSync(main)) return onSkip('alert-sinks', 'examples/alert-sinks is not built');
    const taken = [];
    for (const port of Object.values(ALERT_SINK_PORTS)) if (await portInUse(port)) taken.push(port);
    if (taken.length > 0)
      return onSkip('alert-sinks', `port ${taken.join(', ')} in use: not starting the alert sinks`);
    const sinks = launch('alert-sinks', process.execPath, [main], root, {
      AETHER_WEBHOOK_SECRET: webhookSecret,
    });
    await waitForHttp(`http://127.0.0.1:${ALERT_SINK_PORTS.http}/messages`, { owner: sinks });
  };

  const readyPath = (f) => `/${f.kind === 'shell' ? '' : 'mf-manifest.json'}`;
  const commandFor = (f, port, dist) =>
    frontEndCommand({ root, frontEnd: f, port, dist, shellOrigins, gatewayUrl, cspAllow });
  const isBuilt = (f) => existsSync(join(root, f.dir, 'dist', builtMarker(f)));

  const startGateway = async () => {
    const args = [
      // the gateway's young generation, as its own npm start and image set it (a caller's own
      // --max-semi-space-size wins): V8's default 2 x 16 MiB kept the heap larger under probing
      ...(gatewayNodeArgs.some((arg) => arg.startsWith('--max-semi-space-size'))
        ? []
        : ['--max-semi-space-size=4']),
      ...gatewayNodeArgs,
      join(root, 'gateway/bin/aether.js'),
      'serve',
      '--config',
      config,
      '--db',
      db,
      '--port',
      String(gatewayPort),
    ];
    const gateway = launch('gateway', process.execPath, args, root, {
      AETHER_WEBHOOK_SECRET: webhookSecret,
      ...gatewayEnv,
    });
    await waitForHttp(`http://127.0.0.1:${gatewayPort}/ready`, { owner: gateway });
  };
  const startFrontEnd = async (f) => {
    const { command, args, cwd } = commandFor(f, f.port);
    const piece = launch(f.id, command, args, cwd);
    await waitForHttp(`http://127.0.0.1:${f.port}${readyPath(f)}`, { owner: piece });
  };

  if (!staticServerBin(root)) {
    if (requireBuilt)
      throw new Error('packages/static-server is not built. Run `npx turbo run build` first.');
    for (const f of served)
      onSkip(f.id, `packages/static-server is not built: not serving ${f.id} on ${f.port}`);
    served.length = 0;
  }
  const missing = served.filter((f) => !isBuilt(f));
  if (missing.length > 0 && requireBuilt)
    throw new Error(
      `not built: ${missing.map((f) => `${f.dir}/dist`).join(', ')}. Run \`npx turbo run build\` first.`,
    );
  for (const f of missing)
    onSkip(f.id, `${f.dir}/dist is missing (its build failed?): not serving ${f.id} on ${f.port}`);
  const running = served.filter(isBuilt);
  const panels = running.filter((f) => f.kind === 'panel');
  const shell = running.find((f) => f.kind === 'shell');

  try {
    if (samples) {
      const fleetMain = join(root, 'examples/sample-service/dist/main.js');
      if (!existsSync(fleetMain)) throw new Error('examples/sample-service is not built');
      const fleet = launch('samples', process.execPath, [fleetMain, '--fleet']);
      await Promise.all(
        Object.values(SAMPLE_PORTS).map((port) =>
          waitForHttp(`http://127.0.0.1:${port}/health`, { owner: fleet }),
        ),
      );
    }
    if (alertSinks) await startAlertSinks();
    await Promise.all([startGateway(), ...panels.map(startFrontEnd)]);
    if (shell) await startFrontEnd(shell);
  } catch (error) {
    closing = true;
    killAll();
    process.off('exit', killAll);
    throw error;
  }

  const byId = new Map(running.map((f) => [f.id, f]));
  const stopPiece = async (name) => {
    const piece = pieces.get(name);
    pieces.delete(name);
    await piece?.stop();
    await waitForPortFree(name === 'gateway' ? gatewayPort : byId.get(name).port);
  };

  return {
    urls: {
      gateway: gatewayUrl,
      shell: shell ? `http://${browserHost}:${shell.port}` : undefined,
      panels: Object.fromEntries(panels.map((f) => [f.id, `http://${browserHost}:${f.port}`])),
    },
    frontEnds: running,
    pieces,
    stop: stopPiece,
    async start(name) {
      if (name === 'gateway') return startGateway();
      const f = byId.get(name);
      if (!f) throw new Error(`no front end ${name} in this stack`);
      return startFrontEnd(f);
    },
    async servePanelCopy(id, port) {
      const f = byId.get(id);
      if (!f) throw new Error(`no panel ${id} in this stack`);
      const { command, args, cwd } = commandFor(f, port);
      const copy = startProcess(`${id}-${port}`, command, args, { cwd, onLine, logDir });
      extra.add(copy);
      await waitForHttp(`http://127.0.0.1:${port}${readyPath(f)}`, { owner: copy });
      return {
        entry: `http://${browserHost}:${port}/mf-manifest.json`,
        async stop() {
          await copy.stop();
          extra.delete(copy);
        },
      };
    },
    async close(graceMs) {
      closing = true;
      await Promise.all([...pieces.values(), ...extra].map((p) => p.stop(graceMs)));
      process.off('exit', killAll);
    },
  };
}

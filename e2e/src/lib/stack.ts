import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS } from './browser.js';
import {
  portInUse,
  startProcess,
  waitForHttp,
  waitForPortFree,
  type ManagedProcess,
} from './processes.js';

/**
 * The whole stack as `npm start` (scripts/start.mjs) runs it: the sample fleet, the gateway on
 * examples/aether.config.yaml, and static servers for the shell (5173) and both panels (5174,
 * 5175) — the same commands on the same ports, but each piece spawned on its own so a test can
 * stop and restart one of them, and a fresh SQLite file per stack. Nothing is built here: run
 * `npx turbo run build` first (CI does).
 *
 * With E2E_EXTERNAL_STACK=1 nothing is started: the URLs below (overridable by env) point at a
 * stack someone else runs, e.g. Docker Compose, and scenarios that must stop a process skip.
 */

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const EXTERNAL = process.env.E2E_EXTERNAL_STACK === '1';
export const SKIP_REASON_EXTERNAL =
  'E2E_EXTERNAL_STACK=1: this scenario stops and starts processes of the stack, which an external stack does not let us do';

export type PanelId = 'health' | 'interaction';

/**
 * 0: npm start's ports (gateway 8080, shell 5173, panels 5174/5175). On a machine where those
 * are taken (a developer's `npm start`, a compose stack), E2E_PORT_OFFSET=100 moves the gateway,
 * shell and panels (8180, 5273…) through a temporary copy of the demo config; the sample fleet
 * keeps its demo ports.
 */
const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
const GATEWAY_PORT = 8080 + PORT_OFFSET;
const SHELL_PORT = 5173 + PORT_OFFSET;
const HEALTH_PORT = 5174 + PORT_OFFSET;
const INTERACTION_PORT = 5175 + PORT_OFFSET;
/** Where a test serves a copy of a panel as its "new version". */
export const PANEL_COPY_PORT = 5176 + PORT_OFFSET;

export const URLS = {
  shell: trimSlash(process.env.E2E_SHELL_URL ?? `http://localhost:${SHELL_PORT}`),
  gateway: trimSlash(process.env.E2E_GATEWAY_URL ?? `http://localhost:${GATEWAY_PORT}`),
  panels: {
    health: trimSlash(process.env.E2E_HEALTH_URL ?? `http://localhost:${HEALTH_PORT}`),
    interaction: trimSlash(
      process.env.E2E_INTERACTION_URL ?? `http://localhost:${INTERACTION_PORT}`,
    ),
  } satisfies Record<PanelId, string>,
};

/** The demo tokens of examples/README.md; override for a stack with other tokens. */
export const TOKENS = {
  operator: process.env.E2E_OPERATOR_TOKEN ?? 'demo-operator',
  operator2: process.env.E2E_OPERATOR2_TOKEN ?? 'demo-operator-2',
  admin: process.env.E2E_ADMIN_TOKEN ?? 'demo-admin',
};

/** Fleet members of examples/aether.config.yaml and their fixed demo ports. */
const SAMPLE_PORTS = {
  orders: 9101,
  cart: 9102,
  auth: 9103,
  payments: 9104,
  search: 9105,
} as const;
export type SampleName = keyof typeof SAMPLE_PORTS;

/** Where a sample instance answers /control: E2E_SAMPLE_<NAME>_URL or the demo port on loopback. */
export function sampleUrl(name: SampleName): string {
  return trimSlash(
    process.env[`E2E_SAMPLE_${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${SAMPLE_PORTS[name]}`,
  );
}

/** Breaks or heals a sample service's /health (fail, ok, slow, hang, flaky). */
export async function setSampleMode(
  name: SampleName,
  mode: 'ok' | 'fail' | 'slow' | 'hang' | 'flaky',
): Promise<void> {
  const response = await fetch(`${sampleUrl(name)}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  if (!response.ok) throw new Error(`POST ${sampleUrl(name)}/control answered ${response.status}`);
}

/** A gateway API call with a bearer token (scripts' way; browsers use the session cookie). */
export async function gatewayApi(
  method: string,
  pathname: string,
  token: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${URLS.gateway}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// ---- what npm start serves -------------------------------------------------------------------

const EXAMPLE_CONFIG = path.join(ROOT, 'examples/aether.config.yaml');
const UI_ORIGINS = [`http://localhost:${SHELL_PORT}`, `http://127.0.0.1:${SHELL_PORT}`];
const BROWSER_GATEWAY_URL = `http://localhost:${GATEWAY_PORT}`;
const FRONT_ENDS = {
  shell: { dir: 'shell', port: SHELL_PORT, spa: true },
  health: { dir: 'panels/health', port: HEALTH_PORT, spa: false },
  interaction: { dir: 'panels/interaction', port: INTERACTION_PORT, spa: false },
} as const;
type FrontEnd = keyof typeof FRONT_ENDS;
const FIXED_PORTS = [
  GATEWAY_PORT,
  SHELL_PORT,
  HEALTH_PORT,
  INTERACTION_PORT,
  ...Object.values(SAMPLE_PORTS),
  9443,
];

/** The demo config, or with E2E_PORT_OFFSET a copy whose shell origins and panel entries follow the moved ports. */
function configFor(dataDir: string): string {
  if (PORT_OFFSET === 0) return EXAMPLE_CONFIG;
  const moved = readFileSync(EXAMPLE_CONFIG, 'utf8')
    .replace(
      /(localhost|127\.0\.0\.1):(517[345])\b/g,
      (_, host: string, port: string) => `${host}:${Number(port) + PORT_OFFSET}`,
    )
    .replace(/^ {2}port: 8080$/m, `  port: ${GATEWAY_PORT}`);
  const file = path.join(dataDir, 'aether.config.yaml');
  writeFileSync(file, moved);
  return file;
}

const distOf = (dir: string) => path.join(ROOT, dir, 'dist');
const gatewayBin = path.join(ROOT, 'gateway/bin/aether.js');
const fleetMain = path.join(ROOT, 'examples/sample-service/dist/main.js');

/** aether-static (packages/static-server) when built, else vite preview: the same choice as scripts/start.mjs. */
function staticServerBin(): string | undefined {
  const manifestPath = path.join(ROOT, 'packages/static-server/package.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['aether-static'];
  const file = bin && path.join(ROOT, 'packages/static-server', bin);
  return file && existsSync(file) ? file : undefined;
}

function viteBin(): string {
  for (const dir of ['node_modules', 'shell/node_modules']) {
    const file = path.join(ROOT, dir, 'vite/bin/vite.js');
    if (existsSync(file)) return file;
  }
  throw new Error('vite is not installed (npm install at the repository root)');
}

/** Fails fast with the fix when a piece is not built: this fixture builds nothing. */
export function assertBuilt(): void {
  const missing = [
    [gatewayBin, path.join(ROOT, 'gateway/dist/cli/main.js')],
    [fleetMain],
    ...Object.values(FRONT_ENDS).map(({ dir }) => [
      path.join(distOf(dir), dir === 'shell' ? 'index.html' : 'mf-manifest.json'),
    ]),
  ]
    .flat()
    .filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `not built: ${missing.map((f) => path.relative(ROOT, f)).join(', ')}. Run \`npx turbo run build\` at the repository root first.`,
    );
  }
}

export interface Stack {
  readonly external: boolean;
  /** Stops a panel's static server (its isolation card should show) and waits until its port is free. */
  stopPanelServer(id: PanelId): Promise<void>;
  startPanelServer(id: PanelId): Promise<void>;
  /** Serves a panel's build on another port (a "new deployment"); returns its manifest URL. */
  servePanelCopy(id: PanelId, port: number): Promise<{ entry: string; stop(): Promise<void> }>;
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stack (or, with E2E_EXTERNAL_STACK=1, only checks it answers) and waits until every piece is ready. */
export async function startStack(): Promise<Stack> {
  if (EXTERNAL) {
    await waitForReadiness();
    return externalStack;
  }
  assertBuilt();
  const busy = (
    await Promise.all(FIXED_PORTS.map(async (port) => ((await portInUse(port)) ? port : null)))
  ).filter((p) => p !== null);
  if (busy.length > 0) {
    throw new Error(
      `ports ${busy.join(', ')} are in use: is \`npm start\` (or another e2e run) running? Stop it, or run against it with E2E_EXTERNAL_STACK=1.`,
    );
  }

  const logDir = path.join(ARTIFACTS, 'logs');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aether-e2e-db-'));
  const dbPath = path.join(dataDir, 'aether.db');
  const config = configFor(dataDir);
  const running = new Map<string, ManagedProcess>();
  const extra = new Set<ManagedProcess>();
  // a crashed worker must not leave servers holding the fixed ports
  const killAll = () => [...running.values(), ...extra].forEach((p) => p.child.kill('SIGKILL'));
  process.once('exit', killAll);

  const launch = (name: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) => {
    const started = startProcess(name, process.execPath, args, { cwd, env, logDir });
    running.set(name, started);
    return started;
  };

  const frontEndArgs = (
    which: FrontEnd,
    port: number,
    dist = distOf(FRONT_ENDS[which].dir),
  ): { args: string[]; cwd: string } => {
    const staticBin = staticServerBin();
    if (staticBin) {
      const args = [staticBin, '--dir', dist, '--port', String(port)];
      if (FRONT_ENDS[which].spa)
        args.push(
          '--spa',
          '--gateway-url',
          BROWSER_GATEWAY_URL,
          '--csp-from-registry',
          BROWSER_GATEWAY_URL,
          '--csp-allow',
          'http://localhost:*,http://127.0.0.1:*',
        );
      else args.push('--cors', UI_ORIGINS.join(','));
      return { args, cwd: ROOT };
    }
    return {
      args: [viteBin(), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
      cwd: path.join(ROOT, FRONT_ENDS[which].dir),
    };
  };
  const readyUrl = (which: FrontEnd, port: number) =>
    `http://127.0.0.1:${port}/${which === 'shell' ? '' : 'mf-manifest.json'}`;

  const startFrontEnd = async (which: FrontEnd) => {
    const { port } = FRONT_ENDS[which];
    const { args, cwd } = frontEndArgs(which, port);
    await waitForHttp(readyUrl(which, port), { process: launch(which, args, cwd) });
  };
  const startGateway = async () => {
    const gateway = launch(
      'gateway',
      [gatewayBin, 'serve', '--config', config, '--db', dbPath],
      ROOT,
      { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    );
    await waitForHttp(`http://127.0.0.1:${GATEWAY_PORT}/ready`, { process: gateway });
  };
  const stop = async (name: string, port: number) => {
    await running.get(name)?.stop();
    running.delete(name);
    await waitForPortFree(port);
  };

  try {
    const fleet = launch('samples', [fleetMain, '--fleet']);
    await Promise.all(
      Object.keys(SAMPLE_PORTS).map((name) =>
        waitForHttp(`${sampleUrl(name as SampleName)}/control`, { process: fleet }),
      ),
    );
    await Promise.all([startGateway(), startFrontEnd('health'), startFrontEnd('interaction')]);
    // After the gateway: the shell's CSP comes from the registry and is fail-closed (no panel
    // origin) until the registry has answered once; npm start races this (see e2e/README.md).
    await startFrontEnd('shell');
  } catch (error) {
    killAll();
    throw error;
  }

  return {
    external: false,
    stopPanelServer: (id) => stop(id, FRONT_ENDS[id].port),
    startPanelServer: (id) => startFrontEnd(id),
    async servePanelCopy(id, port) {
      const { args, cwd } = frontEndArgs(id, port);
      const copy = startProcess(`${id}-${port}`, process.execPath, args, { cwd, logDir });
      extra.add(copy);
      await waitForHttp(readyUrl(id, port), { process: copy });
      return {
        entry: `http://localhost:${port}/mf-manifest.json`,
        async stop() {
          await copy.stop();
          extra.delete(copy);
        },
      };
    },
    stopGateway: () => stop('gateway', GATEWAY_PORT),
    startGateway,
    async close() {
      await Promise.all([...running.values(), ...extra].map((p) => p.stop()));
      process.off('exit', killAll);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const unsupported = async () => {
  throw new Error(SKIP_REASON_EXTERNAL);
};
const externalStack: Stack = {
  external: true,
  stopPanelServer: unsupported,
  startPanelServer: unsupported,
  servePanelCopy: unsupported,
  stopGateway: unsupported,
  startGateway: unsupported,
  close: async () => {},
};

async function waitForReadiness(): Promise<void> {
  await Promise.all([
    waitForHttp(`${URLS.gateway}/ready`),
    waitForHttp(`${URLS.shell}/`),
    waitForHttp(`${URLS.panels.health}/mf-manifest.json`),
    waitForHttp(`${URLS.panels.interaction}/mf-manifest.json`),
  ]);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

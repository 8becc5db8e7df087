import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS } from './browser.js';
import {
  ROOT,
  SAMPLE_PORTS,
  frontEnds,
  portInUse,
  startStack as launchStack,
  waitForHttp,
  type Stack as LaunchedStack,
} from '../../../scripts/lib/stack.mjs';

/**
 * The whole stack as `npm start` runs it, through the same launcher (scripts/lib/stack.mjs): the
 * sample fleet, the gateway on examples/aether.config.yaml, and static servers for the shell
 * (5173) and every panel (health 5174, interaction 5175) — the same commands on the same ports,
 * each piece its own process so a test can stop and restart one of them, output in
 * e2e/artifacts/logs, and a fresh SQLite file per stack. Nothing is built here: run
 * `npx turbo run build` first (CI does).
 *
 * With E2E_EXTERNAL_STACK=1 nothing is started: the URLs below (overridable by env) point at a
 * stack someone else runs, e.g. Docker Compose, and scenarios that must stop a process skip.
 */

export { ROOT };
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

// ---- what npm start serves (scripts/lib/stack.mjs, the one launcher) --------------------------

const EXAMPLE_CONFIG = path.join(ROOT, 'examples/aether.config.yaml');
const PANEL_PORTS = Object.fromEntries(
  frontEnds(ROOT)
    .filter((f) => f.kind === 'panel')
    .map((f) => [f.id, f.port + PORT_OFFSET]),
);
const FIXED_PORTS = [
  GATEWAY_PORT,
  SHELL_PORT,
  ...Object.values(PANEL_PORTS),
  ...Object.values(SAMPLE_PORTS),
  9443,
];

/**
 * The demo config, or a copy: with E2E_PORT_OFFSET its shell origins and panel entries follow the
 * moved ports; with `edit` a scenario adds what the demo leaves out (e.g. an SLO to look at).
 */
function configFor(dataDir: string, edit?: (yaml: string) => string): string {
  if (PORT_OFFSET === 0 && !edit) return EXAMPLE_CONFIG;
  const demo = readFileSync(EXAMPLE_CONFIG, 'utf8');
  const edited = edit ? edit(demo) : demo;
  if (edited === demo && edit)
    throw new Error('the config edit changed nothing in the demo config');
  const moved = edited
    .replace(
      /(localhost|127\.0\.0\.1):(51[0-9]{2})\b/g,
      (_, host: string, port: string) => `${host}:${Number(port) + PORT_OFFSET}`,
    )
    .replace(/^ {2}port: 8080$/m, `  port: ${GATEWAY_PORT}`);
  const file = path.join(dataDir, 'aether.config.yaml');
  writeFileSync(file, moved);
  return file;
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

export interface StackOptions {
  /** Edits the demo config's text before the gateway reads it (not with E2E_EXTERNAL_STACK). */
  editConfig?: (yaml: string) => string;
}

/** Starts the stack (or, with E2E_EXTERNAL_STACK=1, only checks it answers) and waits until every piece is ready. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (EXTERNAL) {
    await waitForReadiness();
    return externalStack;
  }
  const busy = (
    await Promise.all(FIXED_PORTS.map(async (port) => ((await portInUse(port)) ? port : null)))
  ).filter((p) => p !== null);
  if (busy.length > 0) {
    throw new Error(
      `ports ${busy.join(', ')} are in use: is \`npm start\` (or another e2e run) running? Stop it, or run against it with E2E_EXTERNAL_STACK=1.`,
    );
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aether-e2e-db-'));
  let stack: LaunchedStack;
  try {
    stack = await launchStack({
      config: configFor(dataDir, options.editConfig),
      db: path.join(dataDir, 'aether.db'),
      gatewayPort: GATEWAY_PORT,
      shellPort: SHELL_PORT,
      panelPorts: PANEL_PORTS,
      gatewayEnv: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      logDir: path.join(ARTIFACTS, 'logs'),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    external: false,
    stopPanelServer: (id) => stack.stop(id),
    startPanelServer: (id) => stack.start(id),
    servePanelCopy: (id, port) => stack.servePanelCopy(id, port),
    stopGateway: () => stack.stop('gateway'),
    startGateway: () => stack.start('gateway'),
    async close() {
      await stack.close();
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

#!/usr/bin/env node
// `npm start`: builds what the local stack needs, then starts and supervises it without Docker:
// the sample fleet, the gateway (SQLite under ./data), and static servers for the shell and panels.
// Ctrl-C (or SIGTERM) stops everything it started. Environment:
//   AETHER_CONFIG  config file (default examples/aether.config.yaml, which watches the sample fleet)
//   AETHER_DB      SQLite file (default ./data/aether.db)
//   AETHER_SKIP_BUILD=1  start what is already built
//   LOG_LEVEL      gateway log level (default warn here, so the terminal stays readable)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE_CONFIG = join(ROOT, 'examples/aether.config.yaml');
const GATEWAY_PORT = 8080;
const UI_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];
const BROWSER_GATEWAY_URL = `http://localhost:${GATEWAY_PORT}`;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 12_000;

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
const say = (text) => process.stdout.write(`${paint(1, '[start]')} ${text}\n`);
const warn = (text) => process.stderr.write(`${paint('1;33', '[start]')} ${text}\n`);

/** Workspace package names by folder, so we only ask turbo for packages that exist. */
function workspacePackages() {
  const found = new Map();
  for (const parent of ['packages', 'panels', 'examples', '.']) {
    const dirs =
      parent === '.'
        ? ['gateway', 'shell']
        : safeReaddir(join(ROOT, parent)).map((d) => join(parent, d));
    for (const dir of dirs) {
      const manifest = join(ROOT, dir, 'package.json');
      if (existsSync(manifest)) found.set(dir, JSON.parse(readFileSync(manifest, 'utf8')));
    }
  }
  return found;
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function build(packages, names, { required }) {
  const present = names.filter((name) => [...packages.values()].some((p) => p.name === name));
  if (present.length === 0) return true;
  say(`building ${present.join(', ')}`);
  const filters = present.flatMap((name) => [`--filter=${name}`]);
  const result = spawnSync(
    'npx',
    [
      'turbo',
      'run',
      'build',
      ...filters,
      '--output-logs=errors-only',
      ...(required ? [] : ['--continue']),
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0)
    warn(
      `build of ${present.join(', ')} failed (exit ${result.status})${required ? '' : '; starting without them'}`,
    );
  return result.status === 0;
}

// ---- supervision ---------------------------------------------------------------------------

const COLORS = [36, 35, 32, 34, 33, 96, 95];
const children = [];
let stopping = false;

function start(name, command, args, options = {}) {
  const color = COLORS[children.length % COLORS.length];
  const prefix = paint(color, `[${name}]`.padEnd(12));
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, child, exited: false, critical: Boolean(options.critical) };
  children.push(entry);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) =>
      process.stdout.write(`${prefix} ${line}\n`),
    );
  }
  child.on('error', (error) => warn(`${name} could not start: ${error.message}`));
  child.on('exit', (code, signal) => {
    entry.exited = true;
    if (stopping) return;
    warn(paint(31, `${name} exited unexpectedly (${signal ?? `code ${code}`})`));
    if (entry.critical) {
      warn('the gateway is gone; stopping the rest');
      void stopAll(1);
    }
  });
  return entry;
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping everything this script started…');
  for (const { child, exited } of children) if (!exited && child.pid) child.kill('SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (children.some((c) => !c.exited) && Date.now() < deadline) await sleep(100);
  for (const { name, child, exited } of children) {
    if (!exited && child.pid) {
      warn(`${name} did not stop in time; killing it`);
      child.kill('SIGKILL');
    }
  }
  process.exit(exitCode);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForReady(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}

// ---- main ----------------------------------------------------------------------------------

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const configPath = resolve(process.env.AETHER_CONFIG ?? EXAMPLE_CONFIG);
const dbPath = resolve(process.env.AETHER_DB ?? join(ROOT, 'data/aether.db'));
const usesExampleConfig = configPath === EXAMPLE_CONFIG;
const packages = workspacePackages();

if (process.env.AETHER_SKIP_BUILD !== '1') {
  if (!build(packages, ['@aether/gateway', '@aether/sample-service'], { required: true }))
    process.exit(1);
  build(
    packages,
    ['@aether/shell', '@aether/panel-health', '@aether/panel-interaction', '@aether/static-server'],
    { required: false },
  );
}

if (usesExampleConfig) {
  const fleet = join(ROOT, 'examples/sample-service/dist/main.js');
  if (existsSync(fleet)) start('samples', process.execPath, [fleet, '--fleet']);
  else warn('examples/sample-service is not built; the example services will show as down');
} else {
  say(`using ${relative(ROOT, configPath) || configPath}: not starting the sample fleet`);
}

const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}`;
start(
  'gateway',
  process.execPath,
  [join(ROOT, 'gateway/bin/aether.js'), 'serve', '--config', configPath, '--db', dbPath],
  {
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    critical: true,
  },
);

/** The aether-static bin of packages/static-server, when that package is there and built. */
function staticServerBin() {
  const manifest = packages.get(join('packages', 'static-server'));
  const bin = typeof manifest?.bin === 'string' ? manifest.bin : manifest?.bin?.['aether-static'];
  const path = bin && join(ROOT, 'packages/static-server', bin);
  return path && existsSync(path) ? path : undefined;
}

/** Serves a built front end with aether-static (packages/static-server). */
function serveStatic(name, dir, port, { spa, cors }) {
  const dist = join(ROOT, dir, 'dist');
  if (
    !existsSync(join(dist, 'index.html')) &&
    !existsSync(join(dist, 'mf-manifest.json')) &&
    !existsSync(join(dist, 'remoteEntry.js'))
  ) {
    warn(
      `${dir}/dist is missing (its build failed or it does not exist yet): not serving ${name} on ${port}`,
    );
    return false;
  }
  const staticBin = staticServerBin();
  if (!staticBin) {
    warn(`packages/static-server is not built: not serving ${name} on ${port}`);
    return false;
  }
  const args = [staticBin, '--dir', dist, '--port', String(port)];
  if (cors) args.push('--cors', UI_ORIGINS.join(','));
  // The browser reaches the gateway as localhost (same site as the shell, so the SameSite=Strict
  // session cookie is sent): the shell and its CSP must name that origin, not 127.0.0.1. Local
  // panel deploys (scripts/deploy-panel.sh) serve on a new loopback port: pre-allowed so open
  // shells can switch to them without a reload.
  if (spa)
    args.push(
      '--spa',
      '--gateway-url',
      BROWSER_GATEWAY_URL,
      '--csp-from-registry',
      BROWSER_GATEWAY_URL,
      '--csp-allow',
      'http://localhost:*,http://127.0.0.1:*',
    );
  start(name, process.execPath, args);
  return true;
}

const panelsServed = [
  serveStatic('health', 'panels/health', 5174, { spa: false, cors: true }) && [
    'health panel',
    'http://localhost:5174/mf-manifest.json',
  ],
  serveStatic('interaction', 'panels/interaction', 5175, { spa: false, cors: true }) && [
    'interaction panel',
    'http://localhost:5175/mf-manifest.json',
  ],
];

if (await waitForReady(gatewayUrl)) {
  // The shell's CSP is computed from the registry: serving it before the gateway answers would
  // hand early pages a policy that allows no panel origin (a page keeps the CSP it loaded with).
  const shellServed = serveStatic('shell', 'shell', 5173, { spa: true, cors: false }) && [
    'shell',
    'http://localhost:5173',
  ];
  const served = [shellServed, ...panelsServed].filter(Boolean);
  say(paint(32, 'AETHER GRID is up:'));
  const rows = [
    ['gateway', gatewayUrl],
    ['metrics', `${gatewayUrl}/metrics`],
    ['API docs', `${gatewayUrl}/api/openapi.json`],
    ...served,
  ];
  for (const [what, url] of rows) say(`  ${what.padEnd(18)} ${url}`);
  say(
    `config ${relative(ROOT, configPath)}, database ${relative(ROOT, dbPath)}. Ctrl-C stops everything.`,
  );
} else if (!stopping) {
  warn(
    `the gateway did not become ready at ${gatewayUrl}/ready within ${READY_TIMEOUT_MS / 1000}s; see its output above`,
  );
}

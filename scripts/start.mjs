#!/usr/bin/env node
// `npm start`: builds what the local stack needs, then starts and supervises it without Docker:
// the sample fleet, the gateway (SQLite under ./data), and static servers for the shell and every
// panel under panels/ — through scripts/lib/stack.mjs, the launcher the browser tests use too.
// Ctrl-C (or SIGTERM) stops everything it started. Environment:
//   AETHER_CONFIG  config file (default examples/aether.config.yaml, which watches the sample fleet)
//   AETHER_DB      SQLite file (default ./data/aether.db)
//   AETHER_SKIP_BUILD=1  start what is already built
//   LOG_LEVEL      gateway log level (default warn here, so the terminal stays readable)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_GATEWAY_PORT, ROOT, frontEnds, startStack } from './lib/stack.mjs';

const EXAMPLE_CONFIG = join(ROOT, 'examples/aether.config.yaml');
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

// ---- the stack (scripts/lib/stack.mjs: the launcher the browser tests and benchmarks use too) --

const COLORS = [36, 35, 32, 34, 33, 96, 95];
const prefixes = new Map();
const prefix = (name) => {
  if (!prefixes.has(name))
    prefixes.set(name, paint(COLORS[prefixes.size % COLORS.length], `[${name}]`.padEnd(12)));
  return prefixes.get(name);
};

let stack;
let stopping = false;
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping everything this script started…');
  await stack?.close(STOP_TIMEOUT_MS);
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const configPath = resolve(process.env.AETHER_CONFIG ?? EXAMPLE_CONFIG);
const dbPath = resolve(process.env.AETHER_DB ?? join(ROOT, 'data/aether.db'));
const usesExampleConfig = configPath === EXAMPLE_CONFIG;
const packages = workspacePackages();

if (process.env.AETHER_SKIP_BUILD !== '1') {
  if (!build(packages, ['@aether/gateway', '@aether/sample-service'], { required: true }))
    process.exit(1);
  const frontEndPackages = frontEnds(ROOT).map(({ dir }) => packages.get(dir)?.name);
  // the demo's alert sinks are optional too: without them alerts just have nowhere to arrive
  build(
    packages,
    [...frontEndPackages.filter(Boolean), '@aether/static-server', '@aether/alert-sinks'],
    {
      required: false,
    },
  );
}
if (!usesExampleConfig)
  say(`using ${relative(ROOT, configPath) || configPath}: not starting the sample fleet`);

try {
  stack = await startStack({
    config: configPath,
    db: dbPath,
    samples: usesExampleConfig,
    requireBuilt: false,
    gatewayEnv: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    onLine: (name, line) => process.stdout.write(`${prefix(name)} ${line}\n`),
    onSkip: (_name, reason) => warn(reason),
    onExit: (name, code, signal) => {
      if (stopping) return;
      warn(paint(31, `${name} exited unexpectedly (${signal ?? `code ${code}`})`));
      if (name === 'gateway') {
        warn('the gateway is gone; stopping the rest');
        void stopAll(1);
      }
    },
  });
} catch (error) {
  if (!stopping) {
    warn(`the stack did not come up: ${error.message}`);
    process.exit(1);
  }
}

if (stack && !stopping) {
  const gatewayUrl = `http://127.0.0.1:${DEFAULT_GATEWAY_PORT}`;
  const rows = [
    ['gateway', gatewayUrl],
    ['metrics', `${gatewayUrl}/metrics`],
    ['API docs', `${gatewayUrl}/api/openapi.json`],
    ...(stack.urls.shell ? [['shell', stack.urls.shell]] : []),
    ...Object.entries(stack.urls.panels).map(([id, url]) => [
      `${id} panel`,
      `${url}/mf-manifest.json`,
    ]),
  ];
  say(paint(32, 'AETHER GRID is up:'));
  for (const [what, url] of rows) say(`  ${what.padEnd(18)} ${url}`);
  say(
    `config ${relative(ROOT, configPath)}, database ${relative(ROOT, dbPath)}. Ctrl-C stops everything.`,
  );
}

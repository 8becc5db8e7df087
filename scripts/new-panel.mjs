#!/usr/bin/env node
// npm run new-panel -- <id> [--port N] [--title T]
// Creates panels/<id> from scripts/templates/panel: a federated remote exposing ./Panel (vite +
// @module-federation/vite, the shell's shared block), tests on vitest + MSW through
// @aether/panel-kit, served on the given port (its `preview` script's --port, which npm start, the
// images and deploy-panel.sh read), and a Compose service panel-<id>. Node only, no dependencies.
// --root DIR writes into another copy of the repo (the generator's test); --dry-run writes nothing
// and prints the files it would create.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE = path.join(here, 'templates', 'panel');
/** Ids the house already uses for something else: @aether/panel-kit is a package, not a panel. */
const RESERVED = new Set(['kit', 'shell', 'gateway']);

const usage = `Usage: npm run new-panel -- <id> [--port N] [--title T]

  <id>       kebab-case, 2-40 characters, starting with a letter (e.g. "capacity", "slo-board")
  --port N   the port it serves on alone and in its container (default: the next after the
             highest port of the existing panels)
  --title T  the heading it shows (default: the id in words)`;

export class UsageError extends Error {}

/** Why `id` cannot be a new panel under `root`, or undefined when it can. */
export function idProblem(id, root) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) || id.length < 2 || id.length > 40)
    return `panel id must be kebab-case (lowercase letters and digits, single dashes between), 2-40 characters, starting with a letter: "${id}"`;
  if (RESERVED.has(id))
    return `"${id}" is reserved (packages/panel-kit, the shell and the gateway use it)`;
  if (existsSync(path.join(root, 'panels', id))) return `panels/${id} already exists`;
  return undefined;
}

/** Every existing panel's port: the --port of its package.json's `preview` script. */
export function panelPorts(root) {
  const dir = path.join(root, 'panels');
  if (!existsSync(dir)) return new Map();
  const ports = new Map();
  for (const id of readdirSync(dir)) {
    const manifest = path.join(dir, id, 'package.json');
    if (!existsSync(manifest)) continue;
    const preview = JSON.parse(readFileSync(manifest, 'utf8')).scripts?.preview ?? '';
    const match = /--port[= ](\d+)/.exec(preview);
    if (match) ports.set(id, Number(match[1]));
  }
  return ports;
}

function parseArgs(argv) {
  const options = {
    id: undefined,
    port: undefined,
    title: undefined,
    root: undefined,
    dryRun: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '--port') options.port = value();
    else if (arg === '--title') options.title = value();
    else if (arg === '--root') options.root = value();
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (options.id === undefined) options.id = arg;
    else throw new UsageError(`one panel id at a time (got "${options.id}" and "${arg}")`);
  }
  return options;
}

function filesOf(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = path.join(prefix, name);
    return statSync(full).isDirectory() ? filesOf(full, rel) : [rel];
  });
}

const envName = (id) => id.toUpperCase().replace(/-/g, '_');

/** The Compose service of a panel, in the shape of the ones docker-compose.yml already has. */
export function composeService(id, port) {
  return [
    `  panel-${id}:`,
    `    <<: *panel`,
    `    image: aether/panel-${id}:\${AETHER_PANEL_${envName(id)}_TAG:-local}`,
    `    build:`,
    `      <<: *panel-build`,
    `      args: { <<: *build-args, APP_DIR: panels/${id}, PORT: '${port}', PIECE: panel-${id} }`,
    `    ports: ['\${AETHER_BIND_ADDRESS:-127.0.0.1}:\${AETHER_PANEL_${envName(id)}_PORT:-${port}}:${port}']`,
  ].join('\n');
}

/** docker-compose.yml with the panel's service added after the last panel-* service, or why not. */
export function withComposeService(compose, id, port) {
  if (new RegExp(`^  panel-${id}:`, 'm').test(compose)) return { compose };
  if (!/&panel\b/.test(compose) || !/&panel-build\b/.test(compose))
    return { problem: 'docker-compose.yml has no x-panel / x-panel-build anchors to build on' };
  const lines = compose.split('\n');
  let last = -1;
  lines.forEach((line, i) => /^ {2}panel-[a-z0-9-]+:\s*$/.test(line) && (last = i));
  if (last < 0) return { problem: 'docker-compose.yml has no panel-* service to put it next to' };
  let end = last + 1;
  while (end < lines.length && lines[end].trim() !== '' && /^ {3,}/.test(lines[end])) end++;
  lines.splice(end, 0, '', composeService(id, port));
  return { compose: lines.join('\n') };
}

/** Creates the panel; returns the files written (relative to root) and what to tell the user. */
export function createPanel({ id, port, title, root, dryRun = false }) {
  const problem = idProblem(id, root);
  if (problem) throw new UsageError(problem);
  const ports = panelPorts(root);
  const chosen = port === undefined ? Math.max(5173, ...ports.values()) + 1 : Number(port);
  if (!Number.isInteger(chosen) || chosen < 1024 || chosen > 65535)
    throw new UsageError(`--port must be a whole number from 1024 to 65535: "${port}"`);
  const taken = [...ports].find(([, p]) => p === chosen);
  if (taken || chosen === 5173 || chosen === 8080)
    throw new UsageError(
      `port ${chosen} is already used by ${taken ? `panels/${taken[0]}` : 'the stack'}`,
    );
  const heading =
    title ??
    id
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' ');
  const fill = (text) =>
    text
      .replaceAll('__PANEL_ID__', id)
      .replaceAll('__PANEL_PORT__', String(chosen))
      .replaceAll('__PANEL_TITLE__', heading);

  const target = path.join(root, 'panels', id);
  const written = [];
  for (const rel of filesOf(TEMPLATE)) {
    const out = path.join(target, rel);
    written.push(path.relative(root, out));
    if (dryRun) continue;
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, fill(readFileSync(path.join(TEMPLATE, rel), 'utf8')));
  }

  const notes = [];
  const composeFile = path.join(root, 'docker-compose.yml');
  if (existsSync(composeFile)) {
    const { compose, problem: why } = withComposeService(
      readFileSync(composeFile, 'utf8'),
      id,
      chosen,
    );
    if (why)
      notes.push(
        `add a Compose service panel-${id} by hand (${why}):\n${composeService(id, chosen)}`,
      );
    else {
      written.push('docker-compose.yml');
      if (!dryRun) writeFileSync(composeFile, compose);
    }
  }

  // The template is formatted with its placeholders; format the filled copy with the repo's prettier.
  const prettier = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  if (!dryRun && existsSync(prettier))
    spawnSync(process.execPath, [prettier, '--write', '--log-level', 'warn', target], {
      cwd: root,
      stdio: 'inherit',
    });

  return { id, port: chosen, title: heading, written, notes };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help || !options.id) {
    console.log(usage);
    process.exit(options.help ? 0 : 2);
  }
  const root = path.resolve(options.root ?? path.join(here, '..'));
  const result = createPanel({ ...options, root });
  const verb = options.dryRun ? 'would create' : 'created';
  console.log(`${verb} panels/${result.id} (port ${result.port}):`);
  for (const file of result.written) console.log(`  ${file}`);
  for (const note of result.notes) console.log(`\nnote: ${note}`);
  if (options.dryRun) return;
  console.log(`
Next:
  npm install                                   # links the new workspace (panels/* is a workspace glob)
  npx turbo run test lint typecheck build --filter=@aether/panel-${result.id}
  npm run dev -w @aether/panel-${result.id}      # alone on http://localhost:${result.port}, MSW playing the gateway
  scripts/deploy-panel.sh ${result.id}               # build, serve and register it with a running gateway
Or list it in your config's panels:
  - { id: ${result.id}, title: ${result.title}, entry: http://localhost:${result.port}/mf-manifest.json, module: ./Panel }`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`new-panel: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
}

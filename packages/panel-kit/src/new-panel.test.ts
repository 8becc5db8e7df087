// @vitest-environment node
// scripts/new-panel.mjs (npm run new-panel) lives beside the template it copies; it is tested here,
// with the kit every generated panel is built on, against a throwaway copy of the repo's layout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = path.join(repo, 'scripts', 'new-panel.mjs');
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'new-panel-'));
  cpSync(path.join(repo, 'docker-compose.yml'), path.join(root, 'docker-compose.yml'));
  for (const id of ['health', 'interaction'])
    cpSync(
      path.join(repo, 'panels', id, 'package.json'),
      path.join(root, 'panels', id, 'package.json'),
    );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args, '--root', root], { encoding: 'utf8' });
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });

describe('npm run new-panel', () => {
  it('creates a federated panel on the next free port, with its Compose service', () => {
    const result = run('billing-board');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const manifest = JSON.parse(read('panels/billing-board/package.json'));
    expect(manifest.name).toBe('@aether/panel-billing-board');
    // The port every tool reads: npm start, the images and deploy-panel.sh take preview's --port.
    expect(manifest.scripts.preview).toBe('vite preview --port 5176 --strictPort');
    expect(manifest.dependencies['@aether/panel-kit']).toBe('*');
    const vite = read('panels/billing-board/vite.config.ts');
    // The remote's name, ./Panel and the shared block come from the kit (federation.test.ts).
    expect(vite).toContain("federation(panelFederation({ id: 'billing-board', command }))");
    expect(vite).toContain('const PORT = 5176;');
    expect(read('panels/billing-board/src/testing/render-panel.tsx')).toContain(
      "panelId: 'billing-board'",
    );
    for (const rel of [
      'src/panel.tsx',
      'src/app/routes.ts',
      'src/features/services/api/get-services.ts',
      'src/features/services/hooks/use-services.ts',
      'src/features/services/components/services-page.test.tsx',
      'src/testing/setup.ts',
      'vitest.config.ts',
      'tsconfig.json',
      'eslint.config.js',
      'README.md',
    ])
      expect(existsSync(path.join(root, 'panels/billing-board', rel)), rel).toBe(true);
    for (const file of filesUnder(path.join(root, 'panels/billing-board')))
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/__PANEL_/);

    const compose = read('docker-compose.yml');
    expect(compose).toContain(
      '  panel-billing-board:\n    <<: *panel\n    image: aether/panel-billing-board:${AETHER_PANEL_BILLING_BOARD_TAG:-local}',
    );
    expect(compose).toContain(
      "APP_DIR: panels/billing-board, PORT: '5176', PIECE: panel-billing-board",
    );
    // After the other panels, before the next section, everything else unchanged.
    const original = readFileSync(path.join(repo, 'docker-compose.yml'), 'utf8');
    expect(compose.indexOf('panel-billing-board:')).toBeGreaterThan(
      compose.indexOf('panel-interaction:'),
    );
    expect(compose.replace(/\n {2}panel-billing-board:\n(?: {4}.*\n)+\n/, '\n')).toBe(original);
  });

  it('serves on the port it is given, titled as asked', () => {
    expect(run('capacity', '--port', '5190', '--title', 'Capacity plan').status).toBe(0);
    expect(read('panels/capacity/vite.config.ts')).toContain('const PORT = 5190;');
    expect(read('panels/capacity/src/app/panel-root.tsx')).toContain('<h2>Capacity plan</h2>');
  });

  it.each([
    ['Billing', /kebab-case/],
    ['billing_board', /kebab-case/],
    ['-billing', /unknown option/],
    ['9lives', /kebab-case/],
    ['x', /kebab-case/],
    ['a--b', /kebab-case/],
    ['billing-', /kebab-case/],
    ['kit', /reserved/],
    ['health', /already exists/],
  ])('refuses the id %s, writing nothing', (id, why) => {
    const compose = read('docker-compose.yml');
    const result = run(id);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(readdirSync(path.join(root, 'panels')).sort()).toEqual(['health', 'interaction']);
    expect(read('docker-compose.yml')).toBe(compose);
  });

  it.each([
    ['5174', /already used by panels\/health/],
    ['80', /1024 to 65535/],
    ['abc', /1024 to 65535/],
  ])('refuses --port %s', (port, why) => {
    const result = run('capacity', '--port', port);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(existsSync(path.join(root, 'panels/capacity'))).toBe(false);
  });

  it('lists what it would create and writes nothing with --dry-run', () => {
    const result = run('capacity', '--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('would create panels/capacity (port 5176)');
    expect(result.stdout).toContain('panels/capacity/src/panel.tsx');
    expect(result.stdout).toContain('docker-compose.yml');
    expect(existsSync(path.join(root, 'panels/capacity'))).toBe(false);
    expect(read('docker-compose.yml')).toBe(
      readFileSync(path.join(repo, 'docker-compose.yml'), 'utf8'),
    );
  });
});

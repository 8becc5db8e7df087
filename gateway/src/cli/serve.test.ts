import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchableTarget, type SwitchableTarget } from '../testing/gateway-under-test.js';
import { SseReader } from '../testing/sse-reader.js';

const GATEWAY_DIR = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'aether-serve-'));
let target: SwitchableTarget;

beforeAll(async () => {
  target = await startSwitchableTarget();
});
afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real CLI in a child process (TypeScript run by tsx, so no build is needed). */
function aether(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: GATEWAY_DIR,
    env: { ...process.env, LOG_LEVEL: 'info', AETHER_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

async function listeningUrl(lines: string[], exited: Promise<unknown>): Promise<string> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    for (const line of lines) {
      if (line.includes('aether gateway listening'))
        return (JSON.parse(line) as { url: string }).url;
    }
    if (gone) throw new Error(`the gateway exited before listening:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function writeConfig(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** `aether serve` on a free port, with this config and database. */
const serve = (config: string, db: string) =>
  aether(['serve', '--config', config, '--port', '0', '--db', db]);

// Each test starts the CLI through tsx, some twice: at load ~35 one start took 11-15 s, so the
// package's 20 s was too short for two (config check). An upper bound only: no test is timed.
describe('aether serve', { timeout: 60_000 }, () => {
  it('drains on SIGTERM: closes SSE streams, stops, exits 0', async () => {
    const config = writeConfig(
      'ok.yaml',
      // anonymous viewer: the stream below opens without a token (the default is none)
      `auth: { anonymous: viewer }\nservices:\n  - id: orders\n    name: Orders\n    baseUrl: ${target.url}\n    checks:\n      - { id: health, type: http, path: /health, interval: 1s }\n`,
    );
    const { child, lines, exited } = serve(config, join(dir, 'serve.db'));
    const url = await listeningUrl(lines, exited);
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    const stream = await SseReader.open(`${url}/api/events`);
    await stream.next((m) => m.event === 'snapshot');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await stream.closedByServer();
    expect(lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('re-reads its config on a file change and on SIGHUP, and refuses a bad one with its location', async () => {
    const own = join(dir, 'live');
    mkdirSync(own);
    const service = (id: string) =>
      `  - id: ${id}\n    name: ${id}\n    baseUrl: ${target.url}\n    checks:\n      - { id: health, type: http, path: /health, interval: 1h }\n`;
    const config = join(own, 'aether.config.yaml');
    const head = 'auth: { anonymous: viewer }\npanels: []\nservices:\n';
    writeFileSync(config, head + service('orders'));
    const { child, lines, exited } = serve(config, ':memory:');
    const url = await listeningUrl(lines, exited);
    const ids = async () =>
      ((await (await fetch(`${url}/api/services`)).json()) as { id: string }[]).map((s) => s.id);
    /** The first log line from index `from` on that has every part. */
    const logged = async (from: number, ...parts: string[]) => {
      for (;;) {
        const line = lines.slice(from).find((l) => parts.every((p) => l.includes(p)));
        if (line) return line;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    let from = lines.length;
    writeFileSync(config, head + service('orders') + service('search'));
    await logged(from, '"msg":"config reloaded"', '"trigger":"file"');
    expect(await ids()).toEqual(['orders', 'search']);

    from = lines.length;
    writeFileSync(config, head + service('search'));
    child.kill('SIGHUP');
    await logged(from, '"msg":"config reloaded"', '"trigger":"sighup"');
    expect(await ids()).toEqual(['search']);

    from = lines.length;
    writeFileSync(config, head + service('search').replace('interval: 1h', 'interval: soon'));
    expect(await logged(from, 'config reload refused')).toContain(
      `${config}:8:60: services[0].checks[0].interval`,
    );
    expect(await ids()).toEqual(['search']);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad config with located errors and exit 1, never listening', async () => {
    const config = writeConfig('bad.yaml', 'server:\n  port: "eighty"\nservices: []\n');
    const { lines, exited } = serve(config, ':memory:');
    expect(await exited).toBe(1);
    expect(lines.join('\n')).toContain(`${config}:2:`);
    expect(lines.some((line) => line.includes('listening'))).toBe(false);
  });

  it.each([
    [
      'AETHER_HEAP_GROWING_PERCENT',
      'lots',
      'AETHER_HEAP_GROWING_PERCENT must be an integer from 0',
    ],
    ['AETHER_HEAP_COMPACT', 'yes', 'AETHER_HEAP_COMPACT must be 0'],
  ])('refuses a bad %s with a clear error and exit 1', async (name, value, message) => {
    const config = writeConfig('empty.yaml', 'services: []\n');
    const { lines, exited } = aether(
      ['serve', '--config', config, '--port', '0', '--db', ':memory:'],
      { [name]: value },
    );
    expect(await exited).toBe(1);
    expect(lines.join('\n')).toContain(message);
    expect(lines.some((line) => line.includes('listening'))).toBe(false);
  });

  it('config check exits 0 and 1', async () => {
    const good = aether(['config', 'check', writeConfig('good.yaml', 'services: []\n')]);
    expect(await good.exited).toBe(0);
    const bad = aether([
      'config',
      'check',
      writeConfig('worse.yaml', 'services:\n  - id: Bad Id\n    name: x\n'),
    ]);
    expect(await bad.exited).toBe(1);
    expect(bad.lines.join('\n')).toMatch(/worse\.yaml:2:/);
  });
});

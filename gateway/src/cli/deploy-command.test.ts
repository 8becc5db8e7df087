import { createServer } from 'node:net';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeployList } from '@aether/contract';
import type { CliIo } from './io.js';
import { DEPLOY_EXIT, registerDeployCommands } from './deploy-command.js';
import {
  API_TOKENS,
  startGatewayUnderTest,
  type GatewayUnderTest,
} from '../testing/gateway-under-test.js';

function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    interactive: false,
    color: false,
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let gw: GatewayUnderTest;
beforeAll(async () => {
  gw = await startGatewayUnderTest();
});
afterAll(async () => {
  await gw?.close();
});

/** Runs `aether <args>` as the CLI parses it, with AETHER_* from `env`, capturing its output. */
async function aether(args: string[], env: NodeJS.ProcessEnv) {
  const io = captureIo();
  const program = new Command('aether').enablePositionalOptions().exitOverride();
  registerDeployCommands(program, io, { AETHER_GATEWAY: gw.url, ...env });
  process.exitCode = undefined;
  await program.parseAsync(args, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, ...io };
}

const operator = { AETHER_TOKEN: API_TOKENS.operator };

describe('aether deploy against a real gateway', () => {
  it('start prints the id alone on stdout, with the token from AETHER_TOKEN; finish records the outcome', async () => {
    const started = await aether(
      [
        'deploy',
        'start',
        '--service',
        'orders',
        '--service',
        'billing',
        '--version',
        '1.4.2',
        '--description',
        'pricing',
      ],
      operator,
    );
    expect(started.code).toBe(DEPLOY_EXIT.recorded);
    expect(started.stdout).toMatch(/^dep-[\w-]+\n$/);
    const id = started.stdout.trim();
    expect(started.stderr).toContain('orders, billing at 1.4.2 started by operator-bot');

    const finished = await aether(['deploy', 'finish', id, '--outcome', 'rolled-back'], operator);
    expect(finished).toMatchObject({ code: DEPLOY_EXIT.recorded, stdout: `${id}\n` });

    const list = DeployList.parse(await (await gw.call('viewer', 'GET', '/api/deploys')).json());
    expect(list.find((d) => d.id === id)).toMatchObject({
      services: ['orders', 'billing'],
      version: '1.4.2',
      description: 'pricing',
      outcome: 'rolled-back',
    });

    const again = await aether(['deploy', 'finish', id, '--outcome', 'succeeded'], operator);
    expect(again.code).toBe(DEPLOY_EXIT.refused);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('409');
  });

  it.each([
    {
      name: 'an unknown service',
      args: ['--service', 'nope', '--version', '1'],
      env: operator,
      code: DEPLOY_EXIT.refused,
    },
    { name: 'no service', args: ['--version', '1'], env: operator, code: DEPLOY_EXIT.refused },
    {
      name: 'no token',
      args: ['--service', 'orders', '--version', '1'],
      env: {},
      code: DEPLOY_EXIT.unavailable,
    },
    {
      name: 'a viewer token',
      args: ['--service', 'orders', '--version', '1'],
      env: { AETHER_TOKEN: API_TOKENS.viewer },
      code: DEPLOY_EXIT.unavailable,
    },
  ])('start with $name exits $code and prints no id', async ({ args, env, code }) => {
    const result = await aether(['deploy', 'start', ...args], env);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toBe('');
  });

  it('exits 2 when the gateway cannot be reached', async () => {
    const result = await aether(
      [
        'deploy',
        'start',
        '--service',
        'orders',
        '--version',
        '1',
        '--gateway',
        `http://127.0.0.1:${await closedPort()}`,
      ],
      operator,
    );
    expect(result).toMatchObject({ code: DEPLOY_EXIT.unavailable, stdout: '' });
    expect(result.stderr).toContain('could not be reached');
  });

  it('--token still works for compatibility', async () => {
    const result = await aether(
      ['deploy', 'start', '--service', 'orders', '--version', '1', '--token', API_TOKENS.operator],
      {},
    );
    expect(result.code).toBe(DEPLOY_EXIT.recorded);
  });
});

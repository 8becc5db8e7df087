import { describe, expect, it } from 'vitest';
import { DeployList } from '@aether/contract';
import { DEPLOY_EXIT, registerDeployCommands } from './deploy-command.js';
import { API_TOKENS, gatewayUnderTestForFile } from '../testing/gateway-under-test.js';
import { runCli } from '../testing/cli-harness.js';
import { closedPort } from '../testing/tcp-target.js';

const gw = gatewayUnderTestForFile();

/** `aether <args>` against the gateway under test, with AETHER_* from `env`. */
const aether = (args: string[], env: NodeJS.ProcessEnv) =>
  runCli(registerDeployCommands, args, { AETHER_GATEWAY: gw().url, ...env });

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

    const list = DeployList.parse(await (await gw().call('viewer', 'GET', '/api/deploys')).json());
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

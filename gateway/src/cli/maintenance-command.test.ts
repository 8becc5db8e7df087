import { describe, expect, it } from 'vitest';
import { MaintenanceList, ServiceDetail } from '@aether/contract';
import { MAINTENANCE_EXIT, registerMaintenanceCommands } from './maintenance-command.js';
import { API_TOKENS, gatewayUnderTestForFile } from '../testing/gateway-under-test.js';
import { runCli } from '../testing/cli-harness.js';
import { closedPort } from '../testing/tcp-target.js';

const gw = gatewayUnderTestForFile();

/** `aether <args>` against the gateway under test, with AETHER_* from `env`. */
const aether = (args: string[], env: NodeJS.ProcessEnv) =>
  runCli(registerMaintenanceCommands, args, { AETHER_GATEWAY: gw().url, ...env });

const operator = { AETHER_TOKEN: API_TOKENS.operator };

describe('aether maintenance against a real gateway', () => {
  it('start prints the id alone on stdout; the service carries the window; end closes it', async () => {
    const started = await aether(
      [
        'maintenance',
        'start',
        '--service',
        'orders',
        '--tag',
        'prod',
        '--duration',
        '15m',
        '--reason',
        'deploy 1.4.2',
      ],
      operator,
    );
    expect(started.code).toBe(MAINTENANCE_EXIT.done);
    expect(started.stdout).toMatch(/^[\w-]+\n$/);
    const id = started.stdout.trim();
    expect(started.stderr).toContain('(deploy 1.4.2), by operator-bot');
    const service = ServiceDetail.parse(
      await (await gw().call('viewer', 'GET', '/api/services/orders')).json(),
    );
    expect(service.maintenance).toMatchObject({ id, reason: 'deploy 1.4.2' });

    const ended = await aether(['maintenance', 'end', id], operator);
    expect(ended).toMatchObject({ code: MAINTENANCE_EXIT.done, stdout: `${id}\n` });
    const windows = MaintenanceList.parse(
      await (await gw().call('viewer', 'GET', '/api/maintenance?state=ended')).json(),
    );
    expect(windows.find((w) => w.id === id)).toMatchObject({ endedBy: 'operator-bot' });
    const again = await aether(['maintenance', 'end', id], operator);
    expect(again).toMatchObject({ code: MAINTENANCE_EXIT.refused, stdout: '' });
    expect(again.stderr).toContain('404');
  });

  it('refuses without a match (1), past maxDuration (1), and says why on stderr only', async () => {
    const none = await aether(
      ['maintenance', 'start', '--duration', '15m', '--reason', 'x'],
      operator,
    );
    expect(none).toMatchObject({ code: MAINTENANCE_EXIT.refused, stdout: '' });
    const tooLong = await aether(
      ['maintenance', 'start', '--group', 'commerce', '--duration', '48h', '--reason', 'x'],
      operator,
    );
    expect(tooLong).toMatchObject({ code: MAINTENANCE_EXIT.refused, stdout: '' });
    expect(tooLong.stderr).toContain('422');
  });

  it('2 when the token is missing or too small, or the gateway cannot be reached', async () => {
    const args = ['maintenance', 'start', '--tag', 'prod', '--duration', '5m', '--reason', 'x'];
    expect(await aether(args, {})).toMatchObject({
      code: MAINTENANCE_EXIT.unavailable,
      stdout: '',
    });
    expect(await aether(args, { AETHER_TOKEN: API_TOKENS.viewer })).toMatchObject({
      code: MAINTENANCE_EXIT.unavailable,
    });
    const unreachable = await aether(
      [...args, '--gateway', `http://127.0.0.1:${await closedPort()}`],
      operator,
    );
    expect(unreachable).toMatchObject({ code: MAINTENANCE_EXIT.unavailable, stdout: '' });
    expect(unreachable.stderr).toContain('could not be reached');
  });
});

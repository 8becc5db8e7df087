import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startGateway, type RunningGateway } from '../cli/start-gateway.js';

/**
 * The real gateway on loopback port 0 from a config text a test writes itself (in-memory
 * SQLite unless given a file), for tests about config keys that the shared test gateways do not expose.
 */
export async function startConfigGateway(
  lines: string[],
  options: { env?: NodeJS.ProcessEnv; logger?: Logger; dbPath?: string } = {},
): Promise<RunningGateway & { configPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'aether-config-gw-'));
  const configPath = join(dir, 'aether.config.yaml');
  writeFileSync(configPath, [...lines, ''].join('\n'));
  const gateway = await startGateway({
    configPath,
    port: 0,
    dbPath: options.dbPath ?? ':memory:',
    env: options.env ?? {},
    logger: options.logger ?? pino({ level: 'silent' }),
  });
  const close = gateway.close.bind(gateway);
  // the config file goes with the gateway (a dbPath a test gives is the test's to remove)
  return Object.assign(gateway, {
    configPath,
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

import { checkConfigFile } from '../config/load.js';
import type { CliIo } from './io.js';

/** `aether config check FILE`: 0 when the file is a valid config, 1 with every located error otherwise. */
export function configCheck(file: string, io: CliIo, env: NodeJS.ProcessEnv = process.env): number {
  const check = checkConfigFile(file, env);
  if (check.ok && check.config) {
    const services = check.config.services.length;
    const checks = check.config.services.reduce((n, s) => n + s.checks.length, 0);
    io.out(
      `${file}: ok (${services} service${services === 1 ? '' : 's'}, ${checks} check${checks === 1 ? '' : 's'})\n`,
    );
    return 0;
  }
  for (const line of check.errors) io.err(`${line}\n`);
  io.err(
    `${file}: ${check.errors.length} problem${check.errors.length === 1 ? '' : 's'}; the gateway would refuse to start\n`,
  );
  return 1;
}

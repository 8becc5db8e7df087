import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, formatConfigError } from '../config/load.js';
import { configCheck } from './config-check.js';
import { registerDeployCommands } from './deploy-command.js';
import { registerMaintenanceCommands } from './maintenance-command.js';
import { processIo } from './io.js';
import { applyHeapCompaction } from './heap-compaction.js';
import { applyHeapGrowth } from './heap-growth.js';
import { createLogger } from './logger.js';
import { startGateway } from './start-gateway.js';
import { DEFAULT_GATEWAY } from './gateway-client.js';
import { VERIFY_EXIT, verify } from './verify.js';
import { GATEWAY_VERSION } from './version.js';

/** A graceful shutdown that takes longer than this exits 1 anyway: orchestrators wait ~10 s before SIGKILL. */
const SHUTDOWN_LIMIT_MS = 10_000;

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port between 0 and 65535');
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, value];

async function serve(opts: {
  config?: string;
  port?: number;
  db?: string;
  host?: string;
}): Promise<void> {
  const logger = createLogger();
  let gateway;
  try {
    applyHeapGrowth();
    applyHeapCompaction();
    gateway = await startGateway({
      configPath: opts.config,
      port: opts.port,
      dbPath: opts.db,
      host: opts.host,
      logger,
      // the config file is re-read when it changes on disk and on SIGHUP
      liveConfig: { watch: true, sighup: true },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${formatConfigError(error)}\naether serve: the config has errors; not starting\n`,
      );
    } else {
      process.stderr.write(
        `aether serve: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      process.stderr.write(
        `aether serve: shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000}s; exiting\n`,
      );
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

export function buildProgram(): Command {
  const program = new Command('aether')
    .description('AETHER GRID gateway: validate, observe and operate backend services')
    .version(GATEWAY_VERSION)
    // root options (-V/--version) only before a subcommand: `deploy start --version V` is the deploy's
    .enablePositionalOptions();

  program
    .command('serve')
    .description('run the gateway (API, prober, SSE, panel registry)')
    .option('--config <file>', 'config file (default: $AETHER_CONFIG or ./aether.config.yaml)')
    .option('--port <n>', 'listen on this port instead of server.port', port)
    .option('--host <host>', 'listen on this address instead of server.host')
    .option(
      '--db <path>',
      'SQLite file instead of storage.sqlite (also $AETHER_DB); ":memory:" allowed',
    )
    .action(serve);

  program
    .command('verify')
    .description(
      'run checks now through a gateway and print the results; exit 0 all pass, 1 any fail, 2 gateway unreachable or refused',
    )
    .addOption(
      new Option('--gateway <url>', 'gateway URL').env('AETHER_GATEWAY').default(DEFAULT_GATEWAY),
    )
    .option('--tag <tag>', 'only services with this tag (repeatable)', collect, [])
    .option('--service <id>', 'only this service (repeatable)', collect, [])
    .addOption(
      new Option('--token <token>', 'bearer token with the operator role').env('AETHER_TOKEN'),
    )
    .addOption(
      new Option('--timeout <ms>', 'give up after this many milliseconds')
        .default(60_000)
        .argParser(Number),
    )
    .action(
      async (opts: {
        gateway: string;
        tag: string[];
        service: string[];
        token?: string;
        timeout: number;
      }) => {
        let code: number;
        try {
          code = await verify(
            {
              gateway: opts.gateway,
              tags: opts.tag,
              services: opts.service,
              token: opts.token,
              timeoutMs: opts.timeout,
            },
            processIo,
          );
        } catch (error) {
          process.stderr.write(
            `aether verify: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          code = VERIFY_EXIT.unavailable;
        }
        process.exitCode = code;
      },
    );

  program
    .command('config')
    .description('work with config files')
    .command('check')
    .description('validate a config file; exit 0, or 1 with file:line:col errors')
    .argument('<file>', 'the YAML config to check')
    .action((file: string) => {
      process.exitCode = configCheck(file, processIo);
    });

  registerDeployCommands(program);
  registerMaintenanceCommands(program);

  return program;
}
